namespace SeedreamBatch.Core.Manifest;

/// <summary>How often a job is tried when the failure is retryable (429, 5xx, timeouts). Never for invalid input, auth or content policy.</summary>
/// <param name="Attempts">Total attempts including the first. Default 5.</param>
public sealed record RetrySpec(int Attempts)
{
    public static RetrySpec Default { get; } = new(5);
}
