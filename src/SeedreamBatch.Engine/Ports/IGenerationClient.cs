using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Engine.Ports;

/// <summary>
/// The engine's view of a provider (implemented per dialect in SeedreamBatch.Providers). Errors are
/// <see cref="GenerationException"/>s whose kind decides retries.
/// </summary>
public interface IGenerationClient
{
    /// <summary>
    /// Sends the paid request. Synchronous dialects answer with <see cref="GenerationHandle.Result"/> set;
    /// task dialects with <see cref="GenerationHandle.TaskId"/> set (the engine records it at once).
    /// <paramref name="jobKey"/> travels with the request (<c>X-Seedream-Job</c>) so charges can be matched to jobs.
    /// </summary>
    Task<GenerationHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken);

    /// <summary>
    /// The result of a submission: the handle's result when it already has one, otherwise by polling (or
    /// streaming) the task. Also how a resume picks up a task id recorded before a crash; must never pay again.
    /// </summary>
    Task<GenerationResult> AwaitAsync(GenerationRequest request, string jobKey, GenerationHandle handle, CancellationToken cancellationToken);
}
