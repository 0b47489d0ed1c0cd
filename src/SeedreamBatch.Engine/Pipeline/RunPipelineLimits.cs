namespace SeedreamBatch.Engine.Pipeline;

/// <summary>Parallelism per stage and the buffer each may hold.</summary>
internal sealed record RunPipelineLimits(int SkipParallelism, int GenerateParallelism, int DownloadParallelism, int PostProcessParallelism, int Buffer);
