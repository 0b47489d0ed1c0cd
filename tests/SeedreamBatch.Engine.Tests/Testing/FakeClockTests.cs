namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>
/// The shared fake clock (tests/SeedreamBatch.Testing): the package's FakeClock plus the waits every project's
/// timing tests stand on. Only what we add, and the package's semantics we rely on, are tested here. They live in this
/// project rather than one of their own so CI does not build and start one more test host for them.
/// </summary>
public sealed class FakeClockTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Once = Timeout.InfiniteTimeSpan;

    [Fact]
    public void New_StartsAtTheDefaultWithUtcAsLocalTime()
    {
        var clock = new FakeClock();

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.Equal(FakeClock.DefaultStart, clock.Start);
        Assert.Equal(TimeZoneInfo.Utc, clock.LocalTimeZone);
        Assert.Equal(TimeSpan.Zero, clock.GetLocalNow().Offset);
    }

    [Fact]
    public void New_WithAStart_StartsThereInUtc()
    {
        var clock = new FakeClock(new DateTimeOffset(2026, 3, 1, 14, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal(Noon, clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }

    [Fact]
    public void Advance_PastADueTime_FiresTheTimerWithTheClockAtTheTarget()
    {
        // The package jumps to the target first: a step of a retry loop is taken by advancing exactly to its due time.
        var clock = new FakeClock(Noon);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), Once);

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(fired);
        Assert.Equal(1, clock.PendingTimers);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([Noon.AddSeconds(14)], fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void CreateTimer_DueNow_FiresAtOnceAndIsNotPending()
    {
        var clock = new FakeClock(Noon);
        var fired = 0;

        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Once);

        Assert.Equal(1, fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public void PendingDueTimes_FollowChangeFiringAndDisarming()
    {
        var clock = new FakeClock(Noon);
        var fired = 0;
        using var periodic = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(10), Once);
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)], clock.PendingDueTimes);

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(1, fired);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(6)], clock.PendingDueTimes);

        Assert.True(timer.Change(TimeSpan.FromSeconds(10), Once));
        Assert.True(periodic.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        Assert.Equal([TimeSpan.FromSeconds(10)], clock.PendingDueTimes);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, fired);
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task Dispose_StopsTheTimer_AndChangeAfterwardsReturnsFalse()
    {
        var clock = new FakeClock(Noon);
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var other = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Once);

        timer.Dispose();
        await other.DisposeAsync();

        Assert.Equal(0, clock.PendingTimers);
        Assert.False(timer.Change(TimeSpan.FromSeconds(1), Once));
        Assert.Equal(0, clock.PendingTimers);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, fired);
    }

    [Fact]
    public async Task DelayAndCancellationOnTheClock_ArePendingAndCompleteWhenTheClockPassesTheirTime()
    {
        var clock = new FakeClock(Noon);
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3), clock);
        Assert.Equal(2, clock.PendingTimers);

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(cancel.IsCancellationRequested);
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(2));
        await delay;
        Assert.Equal(0, clock.PendingTimers);
    }

    [Fact]
    public async Task WaitForPendingTimersAsync_ReturnsOnceBackgroundCodeIsParkedOnTheClock()
    {
        var clock = new FakeClock(Noon);
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
        var clock = new FakeClock(Noon);
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromMinutes(1), Once);
        var wait = clock.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(30));
        Assert.False(wait.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(30));
        await wait;

        Assert.Equal([TimeSpan.FromSeconds(30)], clock.PendingDueTimes);
    }

    [Fact]
    public async Task PendingDueTimes_TimerCreatedOnAnotherThread_AnAdvanceAsSoonAsItShowsFiresIt()
    {
        // A timer used to show as pending before the package had it: an advance made at once moved the clock without
        // firing it, and the package then scheduled it from the new time (RunNotifierTests waited for a retry that
        // never came). The window is a few instructions wide, so the test thread watches for the timer without
        // yielding, as a waiter woken on another core does, and does so for many rounds.
        var clock = new FakeClock(Noon);
        for (var round = 0; round < 2000; round++)
        {
            var fired = false;
            var creating = Task.Run(() => clock.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Once));
            Assert.True(SpinWait.SpinUntil(() => clock.PendingTimers > 0, TimeSpan.FromSeconds(20)));

            clock.Advance(TimeSpan.FromSeconds(1));
            using var timer = await creating;

            Assert.True(fired, $"round {round}: the timer did not fire when the clock reached its due time");
        }
    }

    [Fact]
    public async Task Waits_NeverSatisfied_FailAfterTheirTimeoutSayingWhatIsPending()
    {
        var clock = new FakeClock(Noon) { WaitTimeout = TimeSpan.FromMilliseconds(50) };
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Once);

        var count = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForPendingTimersAsync(2));
        var match = await Assert.ThrowsAsync<TimeoutException>(() => clock.WaitForTimerAsync(due => due < TimeSpan.FromSeconds(1)));

        Assert.Contains("expected 2 pending timer(s) on the fake clock, found 1", count.Message, StringComparison.Ordinal);
        Assert.Contains("due in [00:00:05]", match.Message, StringComparison.Ordinal);
    }
}
