using System.Threading.RateLimiting;

namespace SeedreamBatch.Engine.Throttling;

/// <summary>
/// Paces one provider: a pause after 429 (honouring <c>Retry-After</c>), an adaptive concurrency limit, and
/// requests-per-minute and images-per-minute limits that no sliding minute exceeds (<see cref="SlidingWindowPacer"/>). Every submission holds a <see cref="ThrottleLease"/>
/// from before it is sent until its answer arrives, and reports how it went on the lease.
/// </summary>
public sealed class ProviderThrottle : IDisposable
{
    /// <summary>The most images one Seedream request can ask for (sequential generation, docs/provider-apis.md).</summary>
    private const int MaxImagesPerRequest = 15;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ThrottleOptions _options;
    private readonly AdaptiveConcurrencyLimiter _concurrency;
    private readonly RateLimiter? _requests;
    private readonly RateLimiter? _images;
    private DateTimeOffset _pausedUntil;

    /// <param name="limiters">
    /// Makes the per-minute limiters (quantity <c>requests</c> or <c>images</c>, limit, largest acquisition): a shared one
    /// in Redis for shard workers; null for this process's own <see cref="SlidingWindowPacer"/>.
    /// </param>
    public ProviderThrottle(string provider, ThrottleOptions options, TimeProvider time, RateLimiterFactory? limiters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Provider = provider;
        _options = options;
        _time = time;
        _concurrency = new AdaptiveConcurrencyLimiter(options.MaxConcurrency, options.SuccessesPerIncrease);
        limiters ??= (_, perMinute, largest) => new SlidingWindowPacer(perMinute, largest, time);
        _requests = options.RequestsPerMinute is { } rpm ? limiters("requests", rpm, 1) : null;
        _images = options.ImagesPerMinute is { } ipm ? limiters("images", ipm, MaxImagesPerRequest) : null;
    }

    public string Provider { get; }

    /// <summary>The adaptive limit right now (the configured maximum until a 429 lowers it).</summary>
    public int CurrentConcurrency => _concurrency.CurrentLimit;

    public int InFlight => _concurrency.InUse;

    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>Waits until a request for <paramref name="images"/> images may be sent.</summary>
    public async Task<ThrottleLease> AcquireAsync(int images, CancellationToken cancellationToken)
    {
        await WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
        var generation = await _concurrency.AcquireAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await TakePermitsAsync(_requests, 1, cancellationToken).ConfigureAwait(false);
            await TakePermitsAsync(_images, images, cancellationToken).ConfigureAwait(false);

            // A 429 may have arrived while this request waited for tokens.
            await WaitWhilePausedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _concurrency.Release();
            throw;
        }

        return new ThrottleLease(this, generation);
    }

    public void Dispose()
    {
        _requests?.Dispose();
        _images?.Dispose();
    }

    internal void Release() => _concurrency.Release();

    internal void OnSuccess() => _concurrency.OnSuccess();

    internal void OnRateLimited(long generation, TimeSpan? retryAfter)
    {
        _concurrency.OnRateLimited(generation);
        var pause = retryAfter is { } after && after > TimeSpan.Zero ? after : _options.DefaultRateLimitPause;
        if (pause > _options.MaxRateLimitPause)
        {
            pause = _options.MaxRateLimitPause;
        }

        var until = _time.GetUtcNow() + pause;
        lock (_gate)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <summary>Permits are spent, not held: the lease is disposed at once (a token bucket or the pacer gives nothing back).</summary>
    private static async Task TakePermitsAsync(RateLimiter? limiter, int permits, CancellationToken cancellationToken)
    {
        if (limiter is null)
        {
            return;
        }

        using var lease = await limiter.AcquireAsync(permits, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"{limiter.GetType().Name} refused {permits} permit(s); the throttle's limiters must queue, not refuse");
        }
    }

    private async Task WaitWhilePausedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = PausedUntil - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
