using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>Ark error bodies: <c>{"error":{"code","message","param","type"}}</c> with the documented codes.</summary>
internal sealed class ArkDialect : ISimDialect
{
    public string Name => "ark";

    public static (int Status, string Code, string Type) Describe(SimErrorKind kind) => kind switch
    {
        SimErrorKind.MissingParameter => (400, "MissingParameter", "BadRequest"),
        SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented => (400, "InvalidParameter", "BadRequest"),
        SimErrorKind.InputTextSensitive => (400, "InputTextSensitiveContentDetected", "BadRequest"),
        SimErrorKind.InputImageSensitive => (400, "InputImageSensitiveContentDetected", "BadRequest"),
        SimErrorKind.OutputImageSensitive => (400, "OutputImageSensitiveContentDetected", "BadRequest"),
        SimErrorKind.Unauthorized => (401, "AuthenticationError", "Unauthorized"),
        SimErrorKind.AccountOverdue => (403, "AccountOverdueError", "Forbidden"),
        SimErrorKind.AccessDenied => (403, "AccessDenied", "Forbidden"),
        SimErrorKind.ModelNotFound or SimErrorKind.TaskNotFound => (404, "InvalidEndpointOrModel.NotFound", "NotFound"),
        SimErrorKind.ModelNotOpen => (404, "ModelNotOpen", "NotFound"),
        SimErrorKind.QuotaExceeded => (429, "QuotaExceeded", "TooManyRequests"),
        SimErrorKind.SpendLimitExceeded => (429, "SetLimitExceeded", "TooManyRequests"),
        SimErrorKind.RiskDetected => (400, "InputTextRiskDetection", "BadRequest"),
        SimErrorKind.RequestRateLimited => (429, "RateLimitExceeded.EndpointRPMExceeded", "TooManyRequests"),
        SimErrorKind.ImageRateLimited => (429, "RateLimitExceeded.EndpointTPMExceeded", "TooManyRequests"),
        // 502/503 are not in Ark's list; a gateway in front of it answers them, worded the Ark way here.
        SimErrorKind.BadGateway => (502, "BadGateway", "BadGateway"),
        SimErrorKind.Unavailable => (503, "ServiceUnavailable", "ServiceUnavailable"),
        SimErrorKind.Timeout => (504, "RequestTimeout", "GatewayTimeout"),
        _ => (500, "InternalServiceError", "InternalServiceError"),
    };

    public SimErrorResponse DescribeError(SimRequestException error) => Describe(error.Kind, error.Message, error.Param, error.Code ?? error.ArkCode);

    public static SimErrorResponse Describe(SimErrorKind kind, string message, string? param, string? codeOverride)
    {
        var (status, code, type) = Describe(kind);
        return new SimErrorResponse(status, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = codeOverride ?? code,
                ["message"] = message,
                ["param"] = param ?? "",
                ["type"] = type,
            },
        });
    }
}
