namespace SeedreamBatch.Engine.State;

/// <summary>How many jobs the store holds in each status.</summary>
public sealed record StatusCounts(IReadOnlyDictionary<JobStatus, int> ByStatus)
{
    public int this[JobStatus status] => ByStatus.GetValueOrDefault(status);

    public int Total => ByStatus.Values.Sum();
}
