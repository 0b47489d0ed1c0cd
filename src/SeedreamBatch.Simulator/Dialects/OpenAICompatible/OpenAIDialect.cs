using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.OpenAICompatible;

/// <summary>
/// The gateway documents no error body, so it answers the OpenAI way every OpenAI-compatible gateway uses:
/// <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
internal sealed class OpenAIDialect : ISimDialect
{
    public string Name => "openai";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, type, code) = error.Kind switch
        {
            SimErrorKind.MissingParameter => (400, "invalid_request_error", "missing_required_parameter"),
            SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented => (400, "invalid_request_error", "invalid_value"),
            SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive or SimErrorKind.OutputImageSensitive or SimErrorKind.RiskDetected => (400, "invalid_request_error", "content_policy_violation"),
            SimErrorKind.Unauthorized => (401, "invalid_request_error", "invalid_api_key"),
            SimErrorKind.AccountOverdue or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded => (403, "insufficient_quota", "insufficient_quota"),
            SimErrorKind.AccessDenied or SimErrorKind.ModelNotOpen => (403, "permission_error", "access_denied"),
            SimErrorKind.ModelNotFound or SimErrorKind.TaskNotFound => (404, "invalid_request_error", "model_not_found"),
            SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => (429, "rate_limit_error", "rate_limit_exceeded"),
            SimErrorKind.BadGateway => (502, "server_error", "bad_gateway"),
            SimErrorKind.Unavailable => (503, "server_error", "service_unavailable"),
            SimErrorKind.Timeout => (504, "server_error", "timeout"),
            _ => (500, "server_error", "internal_error"),
        };
        return new SimErrorResponse(status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = error.Message,
                ["type"] = type,
                ["param"] = error.Param,
                ["code"] = error.Code ?? code,
            },
        });
    }
}
