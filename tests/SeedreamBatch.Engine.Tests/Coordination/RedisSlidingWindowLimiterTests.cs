using SeedreamBatch.Engine.Coordination;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Engine.Tests.Coordination;

/// <summary>
/// The Redis limiter against a real redis-server, measured on the fake clock (the scripts take "now" from it instead of
/// Redis's TIME), so every figure is deterministic.
/// </summary>
public sealed class RedisSlidingWindowLimiterTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Theory]
    [InlineData(60, 1, 11)]
    [InlineData(500, 15, 12)]
    [InlineData(600, 15, 13)]
    [InlineData(120, 4, 14)]
    public async Task TryAdmit_RandomSequence_SameWaitsAsSlidingWindowPacer(int perMinute, int largest, int seed)
    {
        var clock = new FakeClock();
        await using var coordinator = await redis.ConnectAsync(redis.Spec(), "shard-0-of-1", clock, clock);
        using var shared = (RedisSlidingWindowLimiter)coordinator.CreateLimiter("ark", "https://ark", "key", "images", perMinute, largest);
        using var local = new SlidingWindowPacer(perMinute, largest, clock);
        var random = new Random(seed);
        var admitted = 0;
        for (var step = 0; step < 400; step++)
        {
            // On average as fast as the limit allows: about half the attempts must wait.
            clock.Advance(TimeSpan.FromMilliseconds(random.Next(0, (largest + 1) * 60_000 / perMinute)));
            var permits = random.Next(1, largest + 1);
            var expected = local.TryAdmit(clock.GetUtcNow().UtcTicks, permits);
            var actual = await shared.TryAdmitAsync(permits);
            Assert.Equal(expected, actual);
            admitted += expected == TimeSpan.Zero ? 1 : 0;
        }

        // Both admitting and waiting were exercised.
        Assert.InRange(admitted, 20, 380);
    }

    [Fact]
    public async Task FourWorkers_OneLimitForTenMinutes_NoSixtySecondWindowOverLimitAndRateKept()
    {
        const int Limit = 500;
        var clock = new FakeClock();
        var spec = redis.Spec();
        var workers = new List<(RedisCoordinator Coordinator, RedisSlidingWindowLimiter Limiter)>();
        for (var i = 0; i < 4; i++)
        {
            var coordinator = await redis.ConnectAsync(spec, $"shard-{i}-of-4", clock, clock);
            workers.Add((coordinator, (RedisSlidingWindowLimiter)coordinator.CreateLimiter("ark", "https://ark", "key", "images", Limit, 15)));
        }

        try
        {
            // Every worker always wants more (1-15 images per request); each asks again when its wait is over.
            var random = new Random(5);
            var nextTry = new DateTimeOffset[4];
            var want = Enumerable.Range(0, 4).Select(_ => random.Next(1, 16)).ToArray();
            var admissions = new List<(DateTimeOffset At, int Images)>();
            var end = clock.GetUtcNow() + TimeSpan.FromMinutes(10);
            while (clock.GetUtcNow() < end)
            {
                for (var w = 0; w < 4; w++)
                {
                    if (nextTry[w] > clock.GetUtcNow())
                    {
                        continue;
                    }

                    var wait = await workers[w].Limiter.TryAdmitAsync(want[w]);
                    if (wait == TimeSpan.Zero)
                    {
                        admissions.Add((clock.GetUtcNow(), want[w]));
                        want[w] = random.Next(1, 16);
                    }
                    else
                    {
                        nextTry[w] = clock.GetUtcNow() + wait;
                    }
                }

                var next = nextTry.Min();
                clock.Advance(next > clock.GetUtcNow() ? next - clock.GetUtcNow() : TimeSpan.FromMilliseconds(1));
            }

            // No window of 60 s, starting at any admission, holds more than the limit.
            for (var i = 0; i < admissions.Count; i++)
            {
                var inWindow = admissions.Skip(i).TakeWhile(a => a.At < admissions[i].At + TimeSpan.FromMinutes(1)).Sum(a => a.Images);
                Assert.True(inWindow <= Limit, $"{inWindow} images in the minute from {admissions[i].At:HH:mm:ss.fff}");
            }

            // And the limit is used: over ten minutes, at least 95 % of 10 × 500.
            var total = admissions.Sum(a => a.Images);
            Assert.InRange(total, 0.95 * 10 * Limit, 10 * Limit + Limit);
            Assert.All(Enumerable.Range(0, 4), w => Assert.Contains(admissions, a => a.Images > 0));
        }
        finally
        {
            foreach (var (coordinator, limiter) in workers)
            {
                limiter.Dispose();
                await coordinator.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AcquireAsync_WindowFull_WaitsOnInjectedClockThenAdmits()
    {
        var clock = new FakeClock();
        await using var coordinator = await redis.ConnectAsync(redis.Spec(), "shard-0-of-1", clock, clock);
        using var limiter = coordinator.CreateLimiter("ark", "https://ark", "key", "requests", 60, 1);
        for (var i = 0; i < 2; i++)
        {
            using var lease = await limiter.AcquireAsync(1);
            Assert.True(lease.IsAcquired);
        }

        // The third is paced: one a second with a tolerance of two.
        var third = limiter.AcquireAsync(1).AsTask();
        await clock.WaitForPendingTimersAsync();
        Assert.False(third.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        using var granted = await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(granted.IsAcquired);
    }

    [Fact]
    public async Task CreateLimiter_TwoAccounts_CountedApart()
    {
        var clock = new FakeClock();
        await using var coordinator = await redis.ConnectAsync(redis.Spec(), "shard-0-of-1", clock, clock);
        using var a = (RedisSlidingWindowLimiter)coordinator.CreateLimiter("ark", "https://ark", "key-a", "images", 1, 1);
        using var b = (RedisSlidingWindowLimiter)coordinator.CreateLimiter("ark", "https://ark", "key-b", "images", 1, 1);

        Assert.Equal(TimeSpan.Zero, await a.TryAdmitAsync(1));
        Assert.NotEqual(TimeSpan.Zero, await a.TryAdmitAsync(1));
        Assert.Equal(TimeSpan.Zero, await b.TryAdmitAsync(1));
    }
}
