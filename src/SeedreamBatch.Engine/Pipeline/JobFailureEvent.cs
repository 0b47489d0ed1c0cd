using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>One job that ended failed in a run: what the run log records as one event.</summary>
/// <param name="OutputName">The job's output name (relative base name), what a user recognises.</param>
/// <param name="JobKey">The job's key.</param>
/// <param name="Failure">Kind, provider code and message.</param>
public sealed record JobFailureEvent(string OutputName, string JobKey, JobFailure Failure);
