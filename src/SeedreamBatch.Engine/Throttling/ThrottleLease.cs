namespace SeedreamBatch.Engine.Throttling;

/// <summary>A granted slot of a <see cref="ProviderThrottle"/>; report the outcome, then dispose to free the slot.</summary>
public sealed class ThrottleLease : IDisposable
{
    private readonly ProviderThrottle _owner;
    private readonly long _generation;
    private int _disposed;

    internal ThrottleLease(ProviderThrottle owner, long generation)
    {
        _owner = owner;
        _generation = generation;
    }

    /// <summary>The provider answered without complaining about rate: lets concurrency recover.</summary>
    public void ReportSuccess() => _owner.OnSuccess();

    /// <summary>The provider said 429: halve concurrency and pause new submissions for <paramref name="retryAfter"/>.</summary>
    public void ReportRateLimited(TimeSpan? retryAfter) => _owner.OnRateLimited(_generation, retryAfter);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _owner.Release();
        }
    }
}
