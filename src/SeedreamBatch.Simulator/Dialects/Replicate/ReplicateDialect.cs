using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Replicate;

/// <summary>Replicate's problem-details errors: <c>{"title","detail","status"}</c>.</summary>
internal sealed class ReplicateDialect : ISimDialect
{
    public string Name => "replicate";

    public SimErrorResponse DescribeError(SimRequestException error)
    {
        var (status, title) = error.Kind switch
        {
            SimErrorKind.MissingParameter or SimErrorKind.InvalidParameter or SimErrorKind.NotImplemented => (422, "Input validation failed"),
            SimErrorKind.Unauthorized => (401, "Unauthenticated"),
            SimErrorKind.AccountOverdue or SimErrorKind.QuotaExceeded or SimErrorKind.SpendLimitExceeded => (402, "Insufficient credit"),
            SimErrorKind.AccessDenied or SimErrorKind.ModelNotOpen => (403, "Forbidden"),
            SimErrorKind.ModelNotFound or SimErrorKind.TaskNotFound => (404, "Not found"),
            SimErrorKind.RequestRateLimited or SimErrorKind.ImageRateLimited => (429, "Request was throttled"),
            SimErrorKind.BadGateway => (502, "Bad gateway"),
            SimErrorKind.Unavailable => (503, "Service unavailable"),
            _ => (500, "Internal server error"),
        };
        return new SimErrorResponse(status, new JsonObject { ["title"] = title, ["detail"] = error.Message, ["status"] = status });
    }
}
