using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Review;

/// <summary>One job as the review sheet shows it: its manifest row and what only the sheet adds.</summary>
/// <param name="Job">The job's row as the manifests have it, with no file (<see cref="ManifestRow.Output"/> null); its decision is <see cref="ManifestRow.Review"/>.</param>
/// <param name="PartlyDone">Done, but some of its images failed.</param>
/// <param name="LifetimeBilledUsd">Everything billed for it, earlier versions included.</param>
/// <param name="Thumbnail">The smallest file of its first image (relative to the outputs folder); null when it has none.</param>
/// <param name="Versions">Earlier versions kept by <c>redo</c>.</param>
public sealed record ReviewItem(ManifestRow Job, bool PartlyDone, decimal LifetimeBilledUsd, string? Thumbnail, int Versions);
