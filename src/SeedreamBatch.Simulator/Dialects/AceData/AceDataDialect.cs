using System.Text.Json.Nodes;
using SeedreamBatch.Simulator.Dialects.Ark;

namespace SeedreamBatch.Simulator.Dialects.AceData;

/// <summary>
/// Ace Data error bodies: <c>{"success":false,"error":{"code","message"},"trace_id"}</c>. Documented codes: 400
/// <c>token_mismatched</c> (missing or invalid parameters), 400 <c>api_not_implemented</c>, 401 <c>invalid_token</c>,
/// 429 <c>too_many_requests</c>, 500 <c>api_error</c>. Content-policy errors pass the upstream Ark code through.
/// </summary>
internal sealed class AceDataDialect : ISimDialect
{
    public string Name => "acedata";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, code) = error.Kind switch
        {
            SimErrorKind.MissingParameter or SimErrorKind.InvalidParameter => (400, "token_mismatched"),
            SimErrorKind.NotImplemented or SimErrorKind.ModelNotFound => (400, "api_not_implemented"),
            SimErrorKind.Unauthorized => (401, "invalid_token"),
            SimErrorKind.AccountOverdue or SimErrorKind.AccessDenied or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded or SimErrorKind.ModelNotOpen => (403, "forbidden"),
            SimErrorKind.TaskNotFound => (404, "not_found"),
            SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => (429, "too_many_requests"),
            SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive or SimErrorKind.OutputImageSensitive or SimErrorKind.RiskDetected => (400, ArkDialect.Describe(error.Kind).Code),
            SimErrorKind.BadGateway => (502, "api_error"),
            SimErrorKind.Unavailable => (503, "api_error"),
            _ => (500, "api_error"),
        };
        return new SimErrorResponse(status, Body(error.Code ?? code, error.Message));
    }

    public static JsonObject Body(string code, string message) => new()
    {
        ["success"] = false,
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        ["trace_id"] = Guid.NewGuid().ToString(),
    };
}
