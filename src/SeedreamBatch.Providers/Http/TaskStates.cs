using System.Text.Json.Nodes;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Reads a polled task whose shape is only loosely documented (Sinan, KIE): a status word under
/// <c>status</c>/<c>state</c> (top level or under <c>data</c>), result URLs anywhere under <c>data</c>/<c>result</c>.
/// </summary>
internal static class TaskStates
{
    private static readonly string[] DoneWords = ["completed", "complete", "succeeded", "success", "done", "finished"];
    private static readonly string[] FailedWords = ["failed", "fail", "error", "cancelled", "canceled", "expired"];

    public static TaskState Read(JsonNode json, ProviderHttp http)
    {
        if (ErrorIn(json, http) is { } error)
        {
            return TaskState.Failed(error);
        }

        var status = JsonTolerant.FirstString(json, "data.status", "data.state", "status", "state")?.ToLowerInvariant();
        if (status is not null && FailedWords.Contains(status))
        {
            var (code, message) = ErrorBody.FromObject(json["data"] as JsonObject ?? json.AsObject());
            var reason = JsonTolerant.FirstString(json, "data.fail_reason", "data.failMsg", "data.error_msg", "data.error.message", "data.error", "fail_reason", "error_msg", "error.message") ?? message;
            // KIE.ai's failCode is an HTTP-like status in a string.
            int? codeStatus = int.TryParse(code, out var n) && n is >= 100 and < 600 ? n : null;
            return TaskState.Failed(http.Classified(codeStatus is null ? code : null, reason.Length > 0 ? reason : $"the task ended as '{status}'", codeStatus));
        }

        var urls = JsonTolerant.ResultUrls(JsonTolerant.FirstNode(json, "data", "result", "output", "images") ?? json);
        // No status word at all but results present: some gateways only add the URLs when done.
        var done = status is null ? urls.Count > 0 : DoneWords.Contains(status);
        return done ? TaskState.Done(urls.Select(u => new WireImage(u, null, null)).ToArray()) : TaskState.Pending;
    }

    /// <summary>An error carried in a 2xx body: <c>{"error":{...}}</c>, <c>success:false</c>, or a <c>code</c> other than 0/200 (KIE).</summary>
    public static ProviderException? ErrorIn(JsonNode json, ProviderHttp http)
    {
        if (json is not JsonObject obj)
        {
            return null;
        }

        var code = JsonTolerant.FirstString(obj, "code");
        var failed = obj["error"] is JsonObject
            || obj["success"]?.GetValueKind() == System.Text.Json.JsonValueKind.False
            || (code is not null && code.All(char.IsAsciiDigit) && code is not ("0" or "200"));
        if (!failed)
        {
            return null;
        }

        var (errorCode, message) = ErrorBody.FromObject(obj);
        // KIE puts the HTTP-like status in the body's code: use it for classification.
        int? status = int.TryParse(errorCode ?? code, out var s) && s is >= 100 and < 600 ? s : null;
        return http.Classified(status is null ? errorCode : JsonTolerant.FirstString(obj, "error.type", "type"), message, status);
    }
}
