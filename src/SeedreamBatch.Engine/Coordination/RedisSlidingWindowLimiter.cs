using System.Globalization;
using System.Threading.RateLimiting;
using SeedreamBatch.Engine.Throttling;
using StackExchange.Redis;

namespace SeedreamBatch.Engine.Coordination;

/// <summary>
/// <see cref="SlidingWindowPacer"/>'s policy — even pacing with a tolerance, and no counted window (one minute plus the
/// guard) ever over the limit — with its state in Redis, so every worker on every machine draws from one limit per
/// provider account. Each admission is one atomic Lua call (<see cref="RedisScripts.Admit"/>).
/// </summary>
/// <remarks>
/// Clocks: the window and pace are measured on Redis's clock (<c>TIME</c> inside the script), one clock for all
/// workers whatever their own clocks say; waiting for the answer's delay uses the injected <see cref="TimeProvider"/>.
/// Tests pass <c>clock</c> to measure on the fake clock instead, which makes the policy deterministic. Waiters of this
/// process are served one at a time in arrival order, as in the pacer.
/// </remarks>
internal sealed class RedisSlidingWindowLimiter : RateLimiter
{
    private readonly IDatabase _redis;
    private readonly RedisKey[] _keys;
    private readonly TimeProvider _time;
    private readonly TimeProvider? _clock;
    private readonly long _windowUs;
    private readonly long _intervalUs;
    private readonly long _toleranceUs;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private long _successes;

    /// <param name="key">The limit's Redis key (per provider account and quantity).</param>
    /// <param name="clock">Measure on this clock instead of Redis's (tests); null in production.</param>
    public RedisSlidingWindowLimiter(IDatabase redis, string key, int perMinute, int largestAcquisition, TimeProvider time, TimeProvider? clock = null, TimeSpan? guard = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(largestAcquisition, 1);
        _redis = redis;
        _keys = [key + ":admitted", key + ":state"];
        _time = time;
        _clock = clock;
        Limit = perMinute;
        var (window, interval, tolerance) = SlidingWindowPacer.Policy(perMinute, largestAcquisition, guard ?? SlidingWindowPacer.DefaultGuard);
        _windowUs = window / 10;
        _intervalUs = interval / 10;
        _toleranceUs = tolerance / 10;
    }

    public int Limit { get; }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => new() { TotalSuccessfulLeases = Interlocked.Read(ref _successes) };

    /// <summary>One atomic attempt: how long until <paramref name="permits"/> may go; zero means they were admitted.</summary>
    internal async Task<TimeSpan> TryAdmitAsync(int permits)
    {
        var cost = Math.Clamp(permits, 1, Limit);
        var now = _clock is null ? "" : (_clock.GetUtcNow().UtcTicks / 10).ToString(CultureInfo.InvariantCulture);
        var result = await _redis.ScriptEvaluateAsync(
            RedisScripts.Admit,
            _keys,
            [now, cost, Limit, _windowUs, _intervalUs, _toleranceUs]).ConfigureAwait(false);
        return TimeSpan.FromTicks(long.Parse((string)result!, CultureInfo.InvariantCulture) * 10);
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        var wait = permitCount == 0 ? TimeSpan.Zero : TryAdmitAsync(permitCount).GetAwaiter().GetResult();
        if (wait == TimeSpan.Zero)
        {
            Interlocked.Increment(ref _successes);
            return SlidingWindowPacer.Lease.Granted;
        }

        return SlidingWindowPacer.Lease.Refused(null);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await _turn.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            while (permitCount > 0)
            {
                var wait = await TryAdmitAsync(permitCount).ConfigureAwait(false);
                if (wait == TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(wait, _time, linked.Token).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _successes);
            return SlidingWindowPacer.Lease.Granted;
        }
        finally
        {
            _turn.Release();
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
}
