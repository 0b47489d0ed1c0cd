using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Review;

/// <summary>An earlier version of an item, kept by <c>redo</c>: what was asked and paid, what was decided, where its files went.</summary>
public sealed record JobVersion(
    int Version,
    string SourceKey,
    string Prompt,
    int? Seed,
    decimal? BilledCostUsd,
    string? TaskId,
    DateTimeOffset? FinishedAt,
    ReviewDecision? Decision,
    IReadOnlyList<OutputRecord> Outputs,
    DateTimeOffset ArchivedAt);
