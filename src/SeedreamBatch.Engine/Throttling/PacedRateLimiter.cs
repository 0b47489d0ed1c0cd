namespace SeedreamBatch.Engine.Throttling;

/// <summary>
/// A per-minute limit with a burst, as the generic cell rate algorithm (a token bucket kept as one
/// "theoretical arrival time") on the injected <see cref="TimeProvider"/>. Integer ticks, so pacing is exact.
/// </summary>
/// <remarks>
/// Not System.Threading.RateLimiting's <c>TokenBucketRateLimiter</c>: even with manual replenishment it
/// measures elapsed time with <c>Stopwatch</c>, so tests on a fake clock could not drive it. Burst: ten
/// seconds' worth, at least <see cref="MinimumBurst"/> so a 15-image request can always pass. Waiters are
/// served one at a time in arrival order (the turn semaphore), so a big request is not starved by small ones.
/// </remarks>
internal sealed class PacedRateLimiter : IDisposable
{
    /// <summary>The most images one Seedream request can ask for.</summary>
    public const int MinimumBurst = 15;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly TimeProvider _time;
    private readonly long _interval;
    private long _theoreticalArrival;

    public PacedRateLimiter(int perMinute, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        _time = time;
        _interval = TimeSpan.TicksPerMinute / perMinute;
        Burst = Math.Max(MinimumBurst, perMinute / 6);
    }

    public int Burst { get; }

    /// <summary>Waits for <paramref name="permits"/> permits (more than the burst is clamped to it, so it can pass at all).</summary>
    public async ValueTask AcquireAsync(int permits, CancellationToken cancellationToken)
    {
        var cost = Math.Clamp(permits, 1, Burst) * _interval;
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                long wait;
                lock (_gate)
                {
                    var now = _time.GetUtcNow().UtcTicks;
                    var next = Math.Max(_theoreticalArrival, now) + cost;
                    wait = next - (Burst * _interval) - now;
                    if (wait <= 0)
                    {
                        _theoreticalArrival = next;
                        return;
                    }
                }

                await Task.Delay(TimeSpan.FromTicks(wait), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();
}
