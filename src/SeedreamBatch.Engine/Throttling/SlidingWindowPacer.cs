using System.Threading.RateLimiting;

namespace SeedreamBatch.Engine.Throttling;

/// <summary>
/// A per-minute limit (images or requests) that no sliding one-minute window ever exceeds, spread evenly
/// over the minute instead of spent in a burst. A <see cref="RateLimiter"/> on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// <para>
/// Why not a token bucket: providers (Ark, the simulator) count what they accepted in the last 60 seconds.
/// A bucket that starts full lets its burst plus a minute's refill through in the first minute, so the
/// provider answers 429 at the start of every run (measured: 4.2 % of requests at 600 images/min). Here two
/// rules hold at once:
/// </para>
/// <list type="bullet">
/// <item><b>Pacing</b>: permits are spread at the per-minute rate (the generic cell rate algorithm) with a
/// tolerance of two of the largest acquisitions (<see cref="Tolerance"/>), so requests leave evenly (at 600/min, one image
/// every 0.1 s) rather than in waves, a 15-image request does not lock the next one out for 15 intervals, and
/// time lost waiting on the window cap is partly made up.</item>
/// <item><b>Window cap</b>: the permits admitted in the last <see cref="Window"/> never exceed the limit.
/// The window is one minute plus <see cref="Guard"/>: a request admitted here reaches the provider a little
/// later, by an amount that varies, and the guard keeps that jitter from putting one more than the limit
/// into the provider's own minute. It costs <c>guard ÷ (60 s + guard)</c> of the rate (1.6 % at 1 s).</item>
/// </list>
/// <para>
/// Not System.Threading.RateLimiting's own limiters: they read elapsed time from <c>Stopwatch</c> and
/// replenish on a real timer, so a test on a fake clock could not drive them. Waiters are served one at a
/// time in arrival order, so a 15-image request is not starved by a stream of 1-image ones. Permits are
/// spent, not returned: disposing a lease gives nothing back (as with a token bucket).
/// </para>
/// </remarks>
internal sealed class SlidingWindowPacer : RateLimiter
{
    /// <summary>Default extra length of the counted window; covers admission-to-arrival jitter.</summary>
    public static readonly TimeSpan DefaultGuard = TimeSpan.FromSeconds(1);


    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private readonly TimeProvider _time;
    private readonly Queue<(long At, int Permits)> _admitted = new();
    private readonly long _window;
    private readonly long _interval;
    private long _inWindow;
    private readonly long _tolerance;
    private long _theoreticalArrival;
    private long _lastAdmission = long.MinValue;
    private int _queued;
    private long _successes;
    private long _failures;

    /// <param name="perMinute">The limit.</param>
    /// <param name="largestAcquisition">The most permits one caller takes at once (15 images, 1 request): sets the tolerance.</param>
    /// <param name="time">The clock.</param>
    /// <param name="guard">Extra length of the counted window; <see cref="DefaultGuard"/> when null.</param>
    public SlidingWindowPacer(int perMinute, int largestAcquisition, TimeProvider time, TimeSpan? guard = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(largestAcquisition, 1);
        Guard = guard ?? DefaultGuard;
        ArgumentOutOfRangeException.ThrowIfLessThan(Guard, TimeSpan.Zero, nameof(guard));
        Limit = perMinute;
        _time = time;
        (_window, _interval, _tolerance) = Policy(perMinute, largestAcquisition, Guard);
    }

    /// <summary>
    /// The policy's three lengths in ticks — counted window, even-pace interval, tolerance — shared with the Redis limiter
    /// (Coordination/RedisSlidingWindowLimiter) so workers on many machines pace exactly as one process does.
    /// </summary>
    internal static (long Window, long Interval, long Tolerance) Policy(int perMinute, int largestAcquisition, TimeSpan guard)
    {
        var interval = TimeSpan.TicksPerMinute / perMinute;
        return ((TimeSpan.FromMinutes(1) + guard).Ticks, interval, Math.Min(2L * largestAcquisition, perMinute) * interval);
    }

    /// <summary>Permits per window; also the most one acquisition can take (more is clamped, so it can pass at all).</summary>
    public int Limit { get; }

    public TimeSpan Guard { get; }

    /// <summary>The span counted against <see cref="Limit"/>: one minute plus <see cref="Guard"/>.</summary>
    public TimeSpan Window => TimeSpan.FromTicks(_window);

    /// <summary>How far ahead of the even pace admissions may run: two of the largest acquisitions (at most the limit).</summary>
    public TimeSpan Tolerance => TimeSpan.FromTicks(_tolerance);

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                if (Volatile.Read(ref _queued) > 0)
                {
                    return null;
                }

                // Idle = the window has emptied: everything admitted has aged out.
                var now = Now();
                var emptySince = _lastAdmission == long.MinValue ? now : _lastAdmission + _window;
                return emptySince <= now ? TimeSpan.FromTicks(now - emptySince) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Expire(Now());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Limit - _inWindow,
                CurrentQueuedCount = Volatile.Read(ref _queued),
                TotalSuccessfulLeases = Interlocked.Read(ref _successes),
                TotalFailedLeases = Interlocked.Read(ref _failures),
            };
        }
    }

    /// <summary>
    /// How long until <paramref name="permits"/> may be admitted at <paramref name="now"/> (UTC ticks); when
    /// zero, they have been admitted. The whole policy is here, synchronous, so tests can check it exhaustively.
    /// </summary>
    internal TimeSpan TryAdmit(long now, int permits)
    {
        var cost = Math.Clamp(permits, 1, Limit);
        lock (_gate)
        {
            var wait = WaitFor(now, cost);
            if (wait == 0)
            {
                _admitted.Enqueue((now, cost));
                _inWindow += cost;
                _theoreticalArrival = Math.Max(_theoreticalArrival, now) + (cost * _interval);
                _lastAdmission = now;
            }

            return TimeSpan.FromTicks(wait);
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);

        // Waiters go first: a caller that merely tries must not jump the queue.
        if (Volatile.Read(ref _queued) > 0)
        {
            Interlocked.Increment(ref _failures);
            return Lease.Refused(null);
        }

        var wait = permitCount == 0 ? UntilRoom() : TryAdmit(Now(), permitCount);
        if (wait == TimeSpan.Zero)
        {
            Interlocked.Increment(ref _successes);
            return Lease.Granted;
        }

        Interlocked.Increment(ref _failures);
        return Lease.Refused(wait);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        Interlocked.Increment(ref _queued);
        try
        {
            await _turn.WaitAsync(linked.Token).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    var wait = permitCount == 0 ? UntilRoom() : TryAdmit(Now(), permitCount);
                    if (wait == TimeSpan.Zero)
                    {
                        Interlocked.Increment(ref _successes);
                        return Lease.Granted;
                    }

                    await Task.Delay(wait, _time, linked.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _turn.Release();
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(SlidingWindowPacer));
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _disposed.Dispose();
            _turn.Dispose();
        }

        base.Dispose(disposing);
    }

    private long Now() => _time.GetUtcNow().UtcTicks;

    private void Expire(long now)
    {
        // An admission at t counts in [t, t + window): at exactly t + window it has left, as the simulator counts.
        while (_admitted.TryPeek(out var oldest) && oldest.At + _window <= now)
        {
            _admitted.Dequeue();
            _inWindow -= oldest.Permits;
        }
    }

    /// <summary>The instant enough of the oldest admissions have aged out for <paramref name="cost"/> more.</summary>
    private long UntilRoomFor(long cost)
    {
        var mustLeave = _inWindow + cost - Limit;
        foreach (var (at, permits) in _admitted)
        {
            mustLeave -= permits;
            if (mustLeave <= 0)
            {
                return at + _window;
            }
        }

        throw new InvalidOperationException("unreachable: a clamped request always fits an empty window");
    }

    /// <summary>Ticks to wait before <paramref name="cost"/> permits may go at <paramref name="now"/>; 0 = now. Under the gate.</summary>
    private long WaitFor(long now, long cost)
    {
        Expire(now);
        var paced = Math.Max(_theoreticalArrival, now) + (cost * _interval) - _tolerance;
        var wait = Math.Max(0, paced - now);
        return _inWindow + cost > Limit ? Math.Max(wait, UntilRoomFor(cost) - now) : wait;
    }

    /// <summary>For a zero-permit acquisition: how long until the window has room, without taking any.</summary>
    private TimeSpan UntilRoom()
    {
        lock (_gate)
        {
            var now = Now();
            Expire(now);
            return _inWindow < Limit ? TimeSpan.Zero : TimeSpan.FromTicks(UntilRoomFor(1) - now);
        }
    }

    /// <summary>A spent permit: nothing to give back on dispose.</summary>
    internal sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public static Lease Refused(TimeSpan? retryAfter) => new(false, retryAfter);

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
