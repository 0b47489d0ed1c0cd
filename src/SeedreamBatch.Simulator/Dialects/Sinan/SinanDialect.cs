using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Sinan;

/// <summary>Sinan documents no error body; the simulator uses <c>{"error":{"code","message"}}</c> with snake_case codes.</summary>
internal sealed class SinanDialect : ISimDialect
{
    public string Name => "sinan";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, code) = error.Kind switch
        {
            SimErrorKind.MissingParameter or SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented => (400, "invalid_request"),
            SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive or SimErrorKind.OutputImageSensitive or SimErrorKind.RiskDetected => (400, "content_policy_violation"),
            SimErrorKind.Unauthorized => (401, "unauthorized"),
            SimErrorKind.AccountOverdue or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded => (402, "insufficient_balance"),
            SimErrorKind.AccessDenied or SimErrorKind.ModelNotOpen => (403, "forbidden"),
            SimErrorKind.ModelNotFound or SimErrorKind.TaskNotFound => (404, "not_found"),
            SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => (429, "rate_limited"),
            SimErrorKind.BadGateway => (502, "bad_gateway"),
            SimErrorKind.Unavailable => (503, "service_unavailable"),
            _ => (500, "internal_error"),
        };
        return new SimErrorResponse(status, Error(error.Code ?? code, error.Message));
    }

    public static JsonObject Error(string code, string message) => new()
    {
        ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
