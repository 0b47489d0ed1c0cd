namespace SeedreamBatch.Engine.State;

/// <summary>What <c>summary.json</c> says about failed images.</summary>
/// <param name="Images">Images recorded as failed, over all jobs (their current attempts).</param>
/// <param name="PartlyDoneJobs">Jobs that are done but miss some of the images they asked for.</param>
/// <param name="ByKind">Failed images per failure kind.</param>
public sealed record ImageFailureCounts(int Images, int PartlyDoneJobs, IReadOnlyDictionary<string, int> ByKind);
