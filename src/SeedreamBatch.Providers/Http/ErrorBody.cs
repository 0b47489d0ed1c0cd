using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Reads an error body in any of the dialects' shapes: Ark/OpenAI <c>{"error":{"code","message","type"}}</c>,
/// Ace Data <c>{"success":false,"error":{...}}</c>, KIE <c>{"code":400,"msg"}</c>, or plain text.
/// </summary>
internal static class ErrorBody
{
    public static (string? Code, string Message) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, "");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return (null, Truncate(body.Trim()));
        }

        return root is JsonObject obj ? FromObject(obj) : (null, Truncate(body.Trim()));
    }

    /// <summary>The code and message of an error object found inside a parsed answer (per-image errors, failed tasks).</summary>
    public static (string? Code, string Message) FromObject(JsonObject obj)
    {
        if (obj["error"] is JsonObject error)
        {
            var code = Text(error["code"]) is { } c && !IsNumber(c) ? c : Text(error["type"]) ?? Text(error["code"]);
            return (code, Truncate(Text(error["message"]) ?? Text(error["msg"]) ?? ""));
        }

        // FastAPI-style validation (fal): {"detail":[{"loc","msg","type"}]}.
        if (obj["detail"] is JsonArray { Count: > 0 } details && details[0] is JsonObject first)
        {
            return (Text(first["type"]), Truncate(Text(first["msg"]) ?? ""));
        }

        if (Text(obj["error"]) is { } errorText)
        {
            return (Text(obj["code"]) ?? Text(obj["type"]), Truncate(errorText));
        }

        // Sinan's failed task: error_code / error_msg; KIE.ai's: failCode / failMsg.
        var message = Text(obj["error_msg"]) ?? Text(obj["message"]) ?? Text(obj["msg"]) ?? Text(obj["detail"]) ?? Text(obj["failMsg"]) ?? "";
        return (Text(obj["error_code"]) ?? Text(obj["code"]) ?? Text(obj["failCode"]) ?? Text(obj["type"]), Truncate(message));
    }

    public static string? Text(JsonNode? node) => node is JsonValue v
        ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        }
        : null;

    private static bool IsNumber(string s) => s.All(char.IsAsciiDigit);

    // Error text goes into manifests and logs; a provider's HTML error page should not.
    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500] + "…";
}
