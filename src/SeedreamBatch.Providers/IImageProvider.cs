using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers;

/// <summary>
/// One provider, speaking one dialect. The engine records "submitting job K" durably, calls
/// <see cref="SubmitAsync"/>, records the handle's task id (if any), then drains <see cref="AwaitAsync"/>.
/// After a crash it calls <see cref="TryResumeAsync"/> for a known task id instead of paying again. The engine goes
/// through <see cref="PaidCalls"/>, which classifies every error by whether it may have been billed.
/// Every method throws <see cref="ProviderException"/> for provider and transport failures.
/// </summary>
public interface IImageProvider : IDisposable
{
    ProviderDialect Dialect { get; }

    /// <summary>
    /// Sends the paid request. Task dialects return as soon as the task id is known; sync dialects return
    /// the completed answer; streams return once the response headers arrive. Never retries a
    /// non-retryable error; transport retries (429, 5xx, refused connections) happen inside.
    /// </summary>
    Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken);

    /// <summary>
    /// Hands on each image (or per-image failure) as it becomes available and ends with one
    /// <see cref="BilledUsage"/>. Disposes the handle. A whole-job failure throws instead.
    /// </summary>
    IAsyncEnumerable<ProviderOutput> AwaitAsync(ProviderHandle handle, CancellationToken cancellationToken);

    /// <summary>
    /// Re-attaches to a task submitted by an earlier run, without paying again. Null when the dialect has no tasks to
    /// fetch (Ark, OpenAI-compatible: the answer comes with the request) or the provider does not know the task.
    /// </summary>
    Task<ProviderHandle?> TryResumeAsync(GenerationRequest request, string jobKey, string taskId, CancellationToken cancellationToken);
}
