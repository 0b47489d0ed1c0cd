namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>
/// The shared fake clock (tests/SeedreamBatch.Testing) that every project's timing tests stand on. Its tests live
/// here rather than in a project of their own so CI does not build and start one more test host for them.
/// </summary>
public sealed class FakeTimeProviderTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    [Fact]
    public void New_StartsAtTheDefaultWithUtcAsLocalTime()
    {
        var clock = new FakeTimeProvider();

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(FakeTimeProvider.DefaultStart, clock.Start);
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
        Assert.Equal(clock.GetUtcNow(), clock.GetLocalNow());
        Assert.Equal(TimeSpan.Zero, clock.GetLocalNow().Offset);
    }

    [Fact]
    public void New_WithAStart_StartsThereInUtc()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(Noon, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
        Assert.Equal(Noon, clock.Start);
    }

    [Fact]
    public void SetLocalTimeZone_MovesLocalTimeOnly()
    {
        var clock = new FakeTimeProvider(Noon);
        clock.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("test+09", TimeSpan.FromHours(9), "test+09", "test+09"));

        Assert.Equal(Noon, clock.GetUtcNow());
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 21, 0, 0, TimeSpan.FromHours(9)), clock.GetLocalNow());
        Assert.Equal(TimeSpan.FromHours(9), clock.GetLocalNow().Offset);
    }

    [Fact]
    public void GetTimestamp_FollowsTheClock()
    {
        var clock = new FakeTimeProvider(Noon);
        var start = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), clock.GetElapsedTime(start));
    }

    [Fact]
    public void Advance_PastADueTime_FiresTheTimerWithTheClockAtItsDueTime()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), Once);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fired);
        Assert.Equal(1, clock.PendingTimers);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([Noon.AddSeconds(10)], fired);
        Assert.Equal(Noon.AddSeconds(14), clock.GetUtcNow());
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void Advance_ByZero_FiresTimersDueNow()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Once);

        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.Zero);

        Assert.Equal(1, fired);
        Assert.Equal(Noon, clock.GetUtcNow());
    }

    [Fact]
    public void Advance_SeveralTimers_FireInDueOrderAndTiesInCreationOrder()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromSeconds(3), Once);
        using var first = clock.CreateTimer(_ => fired.Add("first"), null, TimeSpan.FromSeconds(1), Once);
        using var second = clock.CreateTimer(_ => fired.Add("second"), null, TimeSpan.FromSeconds(1), Once);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(["first", "second", "late"], fired);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriodPassed()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([Noon.AddSeconds(2), Noon.AddSeconds(5), Noon.AddSeconds(8)], fired);
        Assert.Equal([TimeSpan.FromSeconds(1)], clock.PendingDueTimes);
    }

    [Fact]
    public void Advance_ZeroPeriod_FiresOnce()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.Zero);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void Advance_TimerCreatedByACallback_FiresInTheSameAdvanceWhenDueWithinIt()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = new List<(string Name, DateTimeOffset At)>();
        var created = new List<ITimer>();
        using var outer = clock.CreateTimer(
            _ =>
            {
                fired.Add(("outer", clock.GetUtcNow()));
                created.Add(clock.CreateTimer(_ => fired.Add(("inner", clock.GetUtcNow())), null, TimeSpan.FromSeconds(2), Once));
                created.Add(clock.CreateTimer(_ => fired.Add(("beyond", clock.GetUtcNow())), null, TimeSpan.FromSeconds(10), Once));
            },
            null,
            TimeSpan.FromSeconds(1),
            Once);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("outer", Noon.AddSeconds(1)), ("inner", Noon.AddSeconds(3))], fired);
        Assert.Equal([TimeSpan.FromSeconds(6)], clock.PendingDueTimes);
        created.ForEach(t => t.Dispose());
    }

    [Fact]
    public void Change_ReschedulesFromNow_AndInfiniteDisarms()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), Once);
        clock.Advance(TimeSpan.FromSeconds(4));

        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Once));
        Assert.Equal([TimeSpan.FromSeconds(10)], clock.PendingDueTimes);
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fired);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([Noon.AddSeconds(14)], fired);

        Assert.True(timer.Change(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        Assert.True(timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.Equal(0, clock.PendingTimers);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(fired);
    }

    [Fact]
    public async Task Dispose_StopsTheTimer_AndChangeAfterwardsReturnsFalse()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var other = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Once);

        timer.Dispose();
        await other.DisposeAsync();

        Assert.Equal(0, clock.PendingTimers);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Once));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, fired);
        timer.Dispose();
    }

    [Fact]
    public void CreateTimer_NegativeDueTimeOrPeriod_Throws()
    {
        var clock = new FakeTimeProvider(Noon);

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(-1), Once));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.CreateTimer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void SetUtcNow_FiresTimersDueOnTheWay_AndNeverGoesBack()
    {
        var clock = new FakeTimeProvider(Noon);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromMinutes(1), Once);

        clock.SetUtcNow(Noon.AddHours(1));

        Assert.Equal([Noon.AddMinutes(1)], fired);
        Assert.Equal(Noon.AddHours(1), clock.GetUtcNow());
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(Noon));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromTicks(-1)));
        Assert.Equal(Noon.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public async Task DelayAndCancellationOnTheClock_CompleteWhenTheClockPassesTheirTime()
    {
        var clock = new FakeTimeProvider(Noon);
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3), clock);
        Assert.Equal(2, clock.PendingTimers);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(cancel.IsCancellationRequested);
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(delay.IsCompletedSuccessfully);
        await delay;
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task WaitForPendingTimersAsync_ReturnsOnceBackgroundCodeIsParkedOnTheClock()
    {
        var clock = new FakeTimeProvider(Noon);
        var wait = clock.WaitForPendingTimersAsync(2);
        var first = Task.Delay(TimeSpan.FromSeconds(1), clock);
        Assert.False(wait.IsCompleted);

        var second = Task.Run(() => Task.Delay(TimeSpan.FromSeconds(2), clock));
        await wait;

        Assert.Equal(2, clock.PendingTimers);
        clock.Advance(TimeSpan.FromSeconds(2));
        await Task.WhenAll(first, second);
    }

    [Fact]
    public async Task WaitForTimerAsync_ReturnsOnceATimerIsDueInAMatchingTime()
    {
        var clock = new FakeTimeProvider(Noon);
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromMinutes(1), Once);
        var wait = clock.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(30));
        Assert.False(wait.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(30));
        await wait;

        Assert.Equal([TimeSpan.FromSeconds(30)], clock.PendingDueTimes);
    }

    [Fact]
    public async Task Waits_NeverSatisfied_FailAfterTheirTimeoutSayingWhatIsPending()
    {
        var clock = new FakeTimeProvider(Noon) { WaitTimeout = TimeSpan.FromMilliseconds(50) };
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Once);

        var count = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForPendingTimersAsync(2));
        var match = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(1)));

        Assert.Contains("expected 2 pending timer(s) on the fake clock, found 1", count.Message, StringComparison.Ordinal);
        Assert.Contains("due in [00:00:05]", match.Message, StringComparison.Ordinal);
    }
}
