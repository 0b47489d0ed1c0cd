namespace SeedreamBatch.Engine.State;

/// <summary>
/// One line of <c>manifest.csv</c>/<c>manifest.json</c>: a job joined with one of its output files. A job
/// without files (failed, budget-skipped, in flight) gives one row with <see cref="Output"/> null.
/// Cost and duration columns are the job's, repeated on each of its files.
/// </summary>
public sealed record ManifestRow(
    string JobKey,
    long Ordinal,
    JobStatus Status,
    string Provider,
    string Model,
    string ProviderModelId,
    string Prompt,
    string Size,
    int? Seed,
    bool SeedHonoured,
    string? TaskId,
    int Attempts,
    decimal EstimatedCostUsd,
    decimal? BilledCostUsd,
    int? BilledImages,
    IReadOnlyDictionary<string, string> Variables,
    long? GenerationMs,
    long? TotalMs,
    JobFailure? Failure,
    OutputRecord? Output);
