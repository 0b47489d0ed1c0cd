using SeedreamBatch.Core.Models;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Engine.Tests.Throttling;

public sealed class ProviderThrottleTests
{
    private readonly FakeClock _time = new();

    [Fact]
    public async Task AcquireAsync_AtConcurrencyLimit_WaitsForARelease()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 2 }, _time);
        var first = await throttle.AcquireAsync(1, CancellationToken.None);
        using var second = await throttle.AcquireAsync(1, CancellationToken.None);

        var third = throttle.AcquireAsync(1, CancellationToken.None);
        Assert.False(third.IsCompleted);

        first.Dispose();
        using var granted = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, throttle.InFlight);
    }

    [Fact]
    public async Task ReportRateLimited_BurstFromOneGeneration_HalvesOnlyOnce()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 16 }, _time);
        var leases = new List<ThrottleLease>();
        for (var i = 0; i < 8; i++)
        {
            leases.Add(await throttle.AcquireAsync(1, CancellationToken.None));
        }

        foreach (var lease in leases)
        {
            lease.ReportRateLimited(retryAfter: null);
            lease.Dispose();
        }

        Assert.Equal(8, throttle.CurrentConcurrency);
    }

    [Fact]
    public async Task ReportRateLimited_RepeatedAcrossGenerations_HalvesDownToOne()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 8, DefaultRateLimitPause = TimeSpan.Zero }, _time);

        for (var i = 0; i < 5; i++)
        {
            using var lease = await throttle.AcquireAsync(1, CancellationToken.None);
            lease.ReportRateLimited(retryAfter: null);
        }

        Assert.Equal(1, throttle.CurrentConcurrency);
    }

    [Fact]
    public async Task ReportSuccess_AfterConfiguredRun_AddsOneSlotUpToCeiling()
    {
        var options = new ThrottleOptions { MaxConcurrency = 4, SuccessesPerIncrease = 3, DefaultRateLimitPause = TimeSpan.Zero };
        using var throttle = new ProviderThrottle("ark", options, _time);
        using (var lease = await throttle.AcquireAsync(1, CancellationToken.None))
        {
            lease.ReportRateLimited(retryAfter: null);
        }

        Assert.Equal(2, throttle.CurrentConcurrency);

        for (var i = 0; i < 3; i++)
        {
            using var lease = await throttle.AcquireAsync(1, CancellationToken.None);
            lease.ReportSuccess();
        }

        Assert.Equal(3, throttle.CurrentConcurrency);

        for (var i = 0; i < 30; i++)
        {
            using var lease = await throttle.AcquireAsync(1, CancellationToken.None);
            lease.ReportSuccess();
        }

        Assert.Equal(4, throttle.CurrentConcurrency);
    }

    [Fact]
    public async Task AcquireAsync_AfterRetryAfter_WaitsUntilThePauseEnds()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 4 }, _time);
        using (var lease = await throttle.AcquireAsync(1, CancellationToken.None))
        {
            lease.ReportRateLimited(TimeSpan.FromSeconds(30));
        }

        var next = throttle.AcquireAsync(1, CancellationToken.None);
        await _time.WaitForPendingTimersAsync(1);
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        using var granted = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(_time.GetUtcNow(), throttle.PausedUntil);
    }

    [Fact]
    public async Task ReportRateLimited_HugeRetryAfter_IsClampedToTheMaximumPause()
    {
        var options = new ThrottleOptions { MaxRateLimitPause = TimeSpan.FromMinutes(1) };
        using var throttle = new ProviderThrottle("ark", options, _time);
        var start = _time.GetUtcNow();
        using var lease = await throttle.AcquireAsync(1, CancellationToken.None);

        lease.ReportRateLimited(TimeSpan.FromHours(6));

        Assert.Equal(start + TimeSpan.FromMinutes(1), throttle.PausedUntil);
    }

    [Fact]
    public async Task AcquireAsync_RequestsPerMinute_PassesTwoThenPacesOnePerSecond()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 100, RequestsPerMinute = 60 }, _time);
        using var first = await throttle.AcquireAsync(1, CancellationToken.None);
        using var second = await throttle.AcquireAsync(1, CancellationToken.None);

        // A tolerance of two requests, then one a second: no token bucket's burst at the start of a run.
        var third = throttle.AcquireAsync(1, CancellationToken.None);
        await _time.WaitForPendingTimersAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(third.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        using var thirdLease = await third.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AcquireAsync_ImagesPerMinute_CountsImagesNotRequests()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 100, ImagesPerMinute = 20 }, _time);
        using var fifteen = await throttle.AcquireAsync(15, CancellationToken.None);
        using var four = await throttle.AcquireAsync(4, CancellationToken.None);

        // 19 of 20 images used: two more must wait until the fifteen leave the window (60 s + 1 s guard).
        var two = throttle.AcquireAsync(2, CancellationToken.None);
        await _time.WaitForPendingTimersAsync(1);
        _time.Advance(TimeSpan.FromSeconds(61) - TimeSpan.FromMilliseconds(1));
        Assert.False(two.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        using var granted = await two.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_DoesNotLeakTheSlot()
    {
        using var throttle = new ProviderThrottle("ark", new ThrottleOptions { MaxConcurrency = 1 }, _time);
        var held = await throttle.AcquireAsync(1, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = throttle.AcquireAsync(1, cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        using var again = await throttle.AcquireAsync(1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, throttle.InFlight);
    }

    [Fact]
    public void ProviderThrottles_BadOptionsOfTwoProviders_RefusedAtOnceWithEveryProblemInOneMessage()
    {
        var options = new Dictionary<ProviderDialect, ThrottleOptions>
        {
            [ProviderDialect.Ark] = new() { MaxConcurrency = 0 },
            [ProviderDialect.Fal] = new() { RequestsPerMinute = 0 },
        };

        var e = Assert.Throws<ArgumentException>(() => new ProviderThrottles(options, new ThrottleOptions(), _time));

        Assert.Contains("providers.ark.concurrency", e.Message, StringComparison.Ordinal);
        Assert.Contains("providers.fal.requests_per_minute", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadValues_ReportsEveryProblem()
    {
        var problems = new ThrottleOptions { MaxConcurrency = 0, RequestsPerMinute = 0, ImagesPerMinute = -1 }.Validate("ark");

        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("providers.ark.", p, StringComparison.Ordinal));
    }
}
