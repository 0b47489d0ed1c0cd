namespace SeedreamBatch.Engine.State;

/// <summary>
/// One line of <c>manifest.csv</c>/<c>manifest.json</c>: a job joined with one of its output files; a job's own
/// columns alone (<see cref="Output"/> null) for review items. Cost and duration columns are the job's, repeated on each row.
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
    OutputRecord? Output)
{
    /// <summary>The built-in simulator made this job's images: placeholders, never to be published.</summary>
    public bool Simulated { get; init; }

    /// <summary>The job's review decision (state store schema 5); null when not reviewed.</summary>
    public Review.ReviewDecision? Review { get; init; }
}
