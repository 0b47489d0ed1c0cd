using Microsoft.Extensions.Time.Testing;

namespace SeedreamBatch.Testing;

/// <summary>
/// Microsoft.Extensions.TimeProvider.Testing's <see cref="FakeTimeProvider"/> (time moves only on
/// <see cref="FakeTimeProvider.Advance(TimeSpan)"/> and <see cref="FakeTimeProvider.SetUtcNow"/>, timers fire inside
/// those calls), plus what our tests need to meet background code where it waits: <see cref="PendingTimers"/>,
/// <see cref="PendingDueTimes"/>, <see cref="WaitForPendingTimersAsync"/> and <see cref="WaitForTimerAsync"/>.
/// </summary>
/// <remarks>
/// Its semantics are the package's: a move jumps the clock to the target first and then fires each timer that fell
/// due (soonest first), so a callback reads the target time, not its due time; a timer due now fires when it is
/// created. To take one step of a retry loop, advance exactly to the next due time (<c>PendingDueTimes[0]</c>).
/// </remarks>
/// <remarks>A clock at <paramref name="start"/> (kept as UTC).</remarks>
public sealed class FakeClock(DateTimeOffset start) : FakeTimeProvider(start.ToUniversalTime())
{
    /// <summary>Where a clock made with <c>new()</c> starts: 2026-11-21 09:00 UTC (the package's default is 2000).</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();

    // Live timers, with when each is next due by this clock (null: disarmed or spent).
    private readonly List<WatchedTimer> _timers = [];

    // Completed (and replaced) whenever a timer is created, changed, fired or disposed: wakes the waits.
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>A clock at <see cref="DefaultStart"/>.</summary>
    public FakeClock()
        : this(DefaultStart)
    {
    }

    /// <summary>How long (in real time) the waits wait before failing with <see cref="TimeoutException"/>.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How many live timers are scheduled to fire (created, not disposed, not disarmed, not spent).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Pending);
            }
        }
    }

    /// <summary>For each scheduled timer, how long from now until it fires; soonest first.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes => DueTimes(GetUtcNow());

    /// <summary>The package's <see cref="FakeTimeProvider.Advance(TimeSpan)"/>, then wakes the waits (a due time from now changed).</summary>
    public new void Advance(TimeSpan delta)
    {
        base.Advance(delta);
        Signal();
    }

    /// <summary>The package's <see cref="FakeTimeProvider.SetUtcNow"/>, then wakes the waits (a due time from now changed).</summary>
    public new void SetUtcNow(DateTimeOffset value)
    {
        base.SetUtcNow(value);
        Signal();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new WatchedTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Track(dueTime, period);

        // A timer due now fires inside this call, before Inner is set: WatchedTimer.Fire does not need it.
        timer.Inner = base.CreateTimer(static t => ((WatchedTimer)t!).Fire(), timer, dueTime, period);
        timer.Settle();
        return timer;
    }

    /// <summary>
    /// Waits (on real time, up to <see cref="WaitTimeout"/>) until at least <paramref name="count"/> timers are
    /// scheduled, i.e. until background code is parked on this clock and an advance will reach it.
    /// </summary>
    public Task WaitForPendingTimersAsync(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return WaitUntilAsync(
            () => PendingTimers >= count,
            () => $"expected {count} pending timer(s) on the fake clock, found {PendingTimers}");
    }

    /// <summary>
    /// Waits (on real time, up to <see cref="WaitTimeout"/>) until a scheduled timer is due in a time from now that
    /// satisfies <paramref name="dueIn"/>, e.g. <c>due => due == TimeSpan.FromSeconds(2)</c>.
    /// </summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> dueIn)
    {
        ArgumentNullException.ThrowIfNull(dueIn);
        return WaitUntilAsync(
            () => PendingDueTimes.Any(dueIn),
            () => $"no timer on the fake clock matched; pending timers are due in [{string.Join(", ", PendingDueTimes)}]");
    }

    private TimeSpan[] DueTimes(DateTimeOffset now)
    {
        lock (_gate)
        {
            return [.. _timers.Where(t => t.Pending).Select(t => t.DueAt!.Value - now).Order()];
        }
    }

    private async Task WaitUntilAsync(Func<bool> condition, Func<string> describe)
    {
        // Real time on purpose: the fake clock only moves when the test moves it.
        using var limit = new CancellationTokenSource(WaitTimeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"{describe()} after {WaitTimeout.TotalSeconds:0.###} s of real time");
            }
        }
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The package's timer, with its due time kept where the waits can see it.
    private sealed class WatchedTimer(FakeClock owner, TimerCallback callback, object? state) : ITimer
    {
        private bool _settled;

        public ITimer? Inner { get; set; }

        public DateTimeOffset? DueAt { get; private set; }

        // Shown to the waits only once the package has the due time: a test that advanced as soon as it saw a timer
        // the package did not have yet moved the clock past it unfired, and the package then counted it from the new time.
        public bool Pending => _settled && DueAt is not null;

        private TimeSpan Period { get; set; }

        public void Track(TimeSpan dueTime, TimeSpan period)
        {
            var now = owner.GetUtcNow();
            lock (owner._gate)
            {
                // A zero or infinite period means "fire once", as for System.Threading.Timer.
                Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
                _settled = false;
            }
        }

        /// <summary>The package has the due time set by <see cref="Track"/>: show it to the waits.</summary>
        public void Settle()
        {
            lock (owner._gate)
            {
                _settled = true;
            }

            owner.Signal();
        }

        public void Fire()
        {
            lock (owner._gate)
            {
                DueAt = Period > TimeSpan.Zero ? DueAt + Period : null;
            }

            owner.Signal();
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (Inner is null)
            {
                return false;
            }

            // Tracked first: a timer changed to "due now" fires inside Inner.Change.
            Track(dueTime, period);
            var changed = Inner.Change(dueTime, period);
            if (!changed)
            {
                lock (owner._gate)
                {
                    DueAt = null;
                }
            }

            Settle();
            return changed;
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }

            Inner?.Dispose();
            owner.Signal();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
