using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Fal;

/// <summary>
/// fal.ai errors: <c>{"detail": "..."}</c>, and FastAPI-style <c>{"detail":[{"loc","msg","type"}]}</c> for a refused
/// input (422). Keys come as <c>Authorization: Key</c>. fal bills no 5xx and retries them itself (§6).
/// </summary>
internal sealed class FalDialect : ISimDialect
{
    public string Name => "fal";

    public string AuthScheme => "Key";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, type) = error.Kind switch
        {
            SimErrorKind.MissingParameter => (422, "missing"),
            SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented => (422, "value_error"),
            SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive or SimErrorKind.OutputImageSensitive or SimErrorKind.RiskDetected
                => (422, "content_policy_violation"),
            SimErrorKind.Unauthorized => (401, null),
            SimErrorKind.AccountOverdue or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded => (403, null),
            SimErrorKind.AccessDenied or SimErrorKind.ModelNotOpen => (403, null),
            SimErrorKind.ModelNotFound or SimErrorKind.TaskNotFound => (404, null),
            SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => (429, null),
            SimErrorKind.BadGateway => (502, null),
            SimErrorKind.Unavailable => (503, null),
            _ => (500, null),
        };
        JsonNode detail = type is null
            ? JsonValue.Create(status == 403 && error.Kind is SimErrorKind.AccountOverdue or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded
                ? "User is locked. Reason: Exhausted balance. " + error.Message
                : error.Message)!
            : new JsonArray(new JsonObject { ["loc"] = new JsonArray("body", error.Param ?? "input"), ["msg"] = error.Message, ["type"] = type });
        return new SimErrorResponse(status, new JsonObject { ["detail"] = detail });
    }
}
