using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers;

/// <summary>
/// A submitted job. The engine records <see cref="TaskId"/> before awaiting; everything else is the adapter's
/// business. Disposing releases an open stream (<see cref="IImageProvider.AwaitAsync"/> does it at the end).
/// </summary>
public abstract class ProviderHandle(GenerationRequest request, string jobKey, string? taskId) : IDisposable
{
    public GenerationRequest Request { get; } = request;

    public string JobKey { get; } = jobKey;

    /// <summary>The provider's task id (Ace Data also returns one for sync calls); null when the dialect has none.</summary>
    public string? TaskId { get; } = taskId;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
