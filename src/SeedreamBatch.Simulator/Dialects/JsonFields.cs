using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>Typed reads of request JSON that fail with the dialect-neutral parameter errors.</summary>
internal static class JsonFields
{
    public static async Task<JsonObject> ReadObjectAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct);
            return node as JsonObject ?? throw new SimRequestException(SimErrorKind.InvalidParameter, "The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new SimRequestException(SimErrorKind.InvalidParameter, $"The request body is not valid JSON: {e.Message}");
        }
    }

    public static string RequiredString(JsonObject o, string name)
    {
        var s = OptionalString(o, name);
        return string.IsNullOrWhiteSpace(s) ? throw SimRequestException.Missing(name) : s;
    }

    public static string? OptionalString(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        return v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : throw SimRequestException.Invalid(name, "must be a string");
    }

    public static long? OptionalInteger(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        if (v is JsonValue jv && jv.GetValueKind() == JsonValueKind.Number)
        {
            if (jv.TryGetValue<long>(out var l))
            {
                return l;
            }

            if (jv.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            {
                return (long)d;
            }
        }

        throw SimRequestException.Invalid(name, "must be an integer");
    }

    public static double? OptionalNumber(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        return v is JsonValue jv && jv.GetValueKind() == JsonValueKind.Number && jv.TryGetValue<double>(out var d)
            ? d
            : throw SimRequestException.Invalid(name, "must be a number");
    }

    public static bool? OptionalBool(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        return v is JsonValue jv && jv.TryGetValue<bool>(out var b) ? b : throw SimRequestException.Invalid(name, "must be a boolean");
    }

    /// <summary>A field that is a string or an array of strings (Ark's <c>image</c>).</summary>
    public static IReadOnlyList<string> StringOrArray(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return [];
        }

        if (v is JsonValue jv && jv.TryGetValue<string>(out var one))
        {
            return [one];
        }

        if (v is JsonArray arr)
        {
            var list = new List<string>(arr.Count);
            foreach (var item in arr)
            {
                list.Add(item is JsonValue iv && iv.TryGetValue<string>(out var s) ? s : throw SimRequestException.Invalid(name, "items must be strings"));
            }

            return list;
        }

        throw SimRequestException.Invalid(name, "must be a string or an array of strings");
    }

    public static JsonObject? OptionalObject(JsonObject o, string name)
    {
        if (!o.TryGetPropertyValue(name, out var v) || v is null)
        {
            return null;
        }

        return v as JsonObject ?? throw SimRequestException.Invalid(name, "must be an object");
    }
}
