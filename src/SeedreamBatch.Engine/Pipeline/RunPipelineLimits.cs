namespace SeedreamBatch.Engine.Pipeline;

/// <summary>Parallelism per stage and the buffer each may hold.</summary>
/// <remarks>
/// No stage after the paid request may hold answered jobs back (head-of-line blocking): downloads run as many at once as
/// requests may be in flight, and the recorder as many as its writes can share a commit (<see cref="State.GroupCommitWriter"/>),
/// so a job never waits for another job's download or fsync before its own begins.
/// </remarks>
internal sealed record RunPipelineLimits(int SkipParallelism, int GenerateParallelism, int DownloadParallelism, int PostProcessParallelism, int Buffer)
{
    /// <summary>Jobs the recorder writes at once; their writes wait for one shared commit. Default 16.</summary>
    public int RecordParallelism { get; init; } = 16;
}
