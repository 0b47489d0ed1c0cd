namespace SeedreamBatch.Engine.State;

/// <summary>What the state store knows about a job (the fields a resume decision needs).</summary>
public sealed record JobRecord(
    string Key,
    string ProcessingKey,
    JobStatus Status,
    string Provider,
    string Model,
    string? TaskId,
    int Attempts,
    decimal EstimatedCostUsd,
    decimal? BilledCostUsd,
    int? BilledImages,
    JobFailure? Failure,
    IReadOnlyList<string> ResultUrls,
    DateTimeOffset? GeneratedAt = null,
    string? OutputBaseName = null);
