using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>apiin.one errors: <c>{"error":{"code":&lt;http status&gt;,"message","type"}}</c> (seed 004).</summary>
internal sealed class KieDialect : ISimDialect
{
    public string Name => "kie";

    public static (int Status, string Type) Describe(SimErrorKind kind) => kind switch
    {
        SimErrorKind.MissingParameter or SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented or SimErrorKind.ModelNotFound => (400, "invalid_request"),
        SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive or SimErrorKind.OutputImageSensitive or SimErrorKind.RiskDetected => (400, "content_policy_violation"),
        SimErrorKind.Unauthorized => (401, "authentication_error"),
        SimErrorKind.AccountOverdue or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded => (402, "insufficient_credits"),
        SimErrorKind.AccessDenied or SimErrorKind.ModelNotOpen => (403, "permission_denied"),
        SimErrorKind.TaskNotFound => (404, "not_found"),
        SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => (429, "rate_limit_exceeded"),
        SimErrorKind.BadGateway => (502, "bad_gateway"),
        SimErrorKind.Unavailable => (503, "service_unavailable"),
        _ => (500, "server_error"),
    };

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, type) = Describe(error.Kind);
        return new SimErrorResponse(status, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = error.Message, ["type"] = error.Code ?? type },
        });
    }
}
