using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Review;

/// <summary>One job as the review sheet shows it: its request, outcome, cheapest picture and decision.</summary>
/// <param name="Thumbnail">The smallest file of its first image (relative to the outputs folder); null when it has none.</param>
/// <param name="Versions">Earlier versions kept by <c>redo</c>.</param>
public sealed record ReviewItem(
    string Key,
    long Ordinal,
    JobStatus Status,
    bool PartlyDone,
    string Provider,
    string Model,
    string Prompt,
    string Size,
    int? Seed,
    bool SeedHonoured,
    string? TaskId,
    int Attempts,
    decimal EstimatedCostUsd,
    decimal? BilledCostUsd,
    decimal LifetimeBilledUsd,
    IReadOnlyDictionary<string, string> Variables,
    long? GenerationMs,
    long? TotalMs,
    JobFailure? Failure,
    string? Thumbnail,
    ReviewDecision? Decision,
    int Versions);
