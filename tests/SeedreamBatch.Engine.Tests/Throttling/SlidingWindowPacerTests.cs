using System.Threading.RateLimiting;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Engine.Tests.Throttling;

public sealed class SlidingWindowPacerTests
{
    private static readonly long Start = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero).UtcTicks;
    private readonly FakeClock _time = new();

    [Theory]
    [InlineData(600, 1, 1)]
    [InlineData(500, 1, 4)]
    [InlineData(60, 1, 15)]
    [InlineData(30, 15, 15)]
    public void TryAdmit_GreedyCallers_NoSixtySecondWindowHoldsMoreThanTheLimit(int limit, int minImages, int maxImages)
    {
        using var pacer = new SlidingWindowPacer(limit, maxImages, _time);
        var admissions = AdmitGreedily(pacer, new Random(limit), minImages, maxImages, TimeSpan.FromMinutes(10));

        Assert.True(MostInAnyWindow(admissions, TimeSpan.FromMinutes(1)) <= limit);
        Assert.True(MostInAnyWindow(admissions, pacer.Window) <= limit);
    }

    [Theory]
    [InlineData(600, 1, 1)]
    [InlineData(500, 1, 4)]
    [InlineData(300, 1, 15)]
    public void TryAdmit_GreedyCallersOverTenMinutes_AchieveAtLeast95PercentOfTheLimit(int limit, int minImages, int maxImages)
    {
        using var pacer = new SlidingWindowPacer(limit, maxImages, _time);
        var span = TimeSpan.FromMinutes(10);

        var admissions = AdmitGreedily(pacer, new Random(limit), minImages, maxImages, span);

        var perMinute = admissions.Sum(a => a.Permits) / span.TotalMinutes;
        Assert.InRange(perMinute, 0.95 * limit, limit);
    }

    [Fact]
    public void TryAdmit_FirstMinute_StartsAtTheRateNotWithABurst()
    {
        using var pacer = new SlidingWindowPacer(600, 15, _time);

        var admissions = AdmitGreedily(pacer, new Random(1), 1, 1, TimeSpan.FromSeconds(10));

        // Ten seconds at 10/s plus the 30-image tolerance, not the old token bucket's 100-image burst + 100.
        Assert.InRange(admissions.Count, 100, 130);
    }

    [Fact]
    public void TryAdmit_WindowFull_WaitsUntilTheOldestAgesOut()
    {
        using var pacer = new SlidingWindowPacer(30, 15, _time, guard: TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, pacer.TryAdmit(Start, 15));
        var secondAt = Start + TimeSpan.FromSeconds(30).Ticks;
        Assert.Equal(TimeSpan.Zero, pacer.TryAdmit(secondAt, 15));

        // Pacing alone would allow the next at +60 s; the first 15 leave the window at exactly +60 s too.
        var wait = pacer.TryAdmit(secondAt + 1, 1);

        Assert.Equal(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1), wait);
    }

    [Fact]
    public void TryAdmit_MoreThanTheLimit_IsClampedSoItCanPass()
    {
        using var pacer = new SlidingWindowPacer(10, 15, _time);

        Assert.Equal(TimeSpan.Zero, pacer.TryAdmit(Start, 15));
        Assert.Equal(0, pacer.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void AttemptAcquire_WindowFull_RefusesWithRetryAfter()
    {
        using var pacer = new SlidingWindowPacer(5, 5, _time);
        using var first = pacer.AttemptAcquire(5);

        using var second = pacer.AttemptAcquire(1);

        Assert.True(first.IsAcquired);
        Assert.False(second.IsAcquired);
        Assert.True(second.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(pacer.Window, retryAfter);
        var stats = pacer.GetStatistics()!;
        Assert.Equal((1L, 1L, 0L), (stats.TotalSuccessfulLeases, stats.TotalFailedLeases, stats.CurrentAvailablePermits));
    }

    [Fact]
    public async Task AcquireAsync_SmallRequestBehindABigOne_DoesNotJumpTheQueue()
    {
        using var pacer = new SlidingWindowPacer(15, 15, _time);
        using var first = await pacer.AcquireAsync(1);
        var big = pacer.AcquireAsync(15).AsTask();
        var small = pacer.AcquireAsync(1).AsTask();
        await _time.WaitForPendingTimersAsync(1);

        // The small one would fit now (2 of 15), but the big one came first and waits for the first to leave.
        _time.Advance(pacer.Window);
        using var bigLease = await big.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(small.IsCompleted);

        await _time.WaitForPendingTimersAsync(1);
        _time.Advance(pacer.Window);
        using var smallLease = await small.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Dispose_WithAWaiter_FailsItWithObjectDisposed()
    {
        var pacer = new SlidingWindowPacer(1, 1, _time);
        using var first = await pacer.AcquireAsync(1);
        var waiting = pacer.AcquireAsync(1).AsTask();
        await _time.WaitForPendingTimersAsync(1);

        pacer.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    /// <summary>Callers that always want more, each asking again the moment it may: the limiter alone sets the pace.</summary>
    private static List<(long At, int Permits)> AdmitGreedily(SlidingWindowPacer pacer, Random random, int minImages, int maxImages, TimeSpan span)
    {
        var admissions = new List<(long, int)>();
        var now = Start;
        var end = Start + span.Ticks;
        var permits = random.Next(minImages, maxImages + 1);
        while (now < end)
        {
            var wait = pacer.TryAdmit(now, permits);
            if (wait == TimeSpan.Zero)
            {
                admissions.Add((now, permits));
                permits = random.Next(minImages, maxImages + 1);
            }
            else
            {
                now += wait.Ticks;
            }
        }

        return admissions;
    }

    /// <summary>The most permits admitted in any half-open window [t, t + length), t over every admission.</summary>
    private static int MostInAnyWindow(List<(long At, int Permits)> admissions, TimeSpan length)
    {
        var most = 0;
        var sum = 0;
        var first = 0;
        for (var last = 0; last < admissions.Count; last++)
        {
            sum += admissions[last].Permits;
            while (admissions[first].At + length.Ticks <= admissions[last].At)
            {
                sum -= admissions[first++].Permits;
            }

            most = Math.Max(most, sum);
        }

        return most;
    }
}
