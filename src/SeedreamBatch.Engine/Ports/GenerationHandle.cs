namespace SeedreamBatch.Engine.Ports;

/// <summary>What a submission returned: a task to poll, a finished result, or (rarely) both.</summary>
/// <param name="TaskId">The provider's task id; null for synchronous dialects.</param>
/// <param name="Result">The finished result when the submission answered with it.</param>
public sealed record GenerationHandle(string? TaskId, GenerationResult? Result = null)
{
    public static GenerationHandle ForTask(string taskId) => new(taskId);

    public static GenerationHandle Completed(GenerationResult result) => new(null, result);
}
