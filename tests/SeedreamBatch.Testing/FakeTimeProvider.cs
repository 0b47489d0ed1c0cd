namespace SeedreamBatch.Testing;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/> or <see cref="SetUtcNow"/>, so tests never sleep.
/// Timers created on it (and so <c>Task.Delay(t, clock)</c>, <c>new CancellationTokenSource(t, clock)</c>,
/// <c>PeriodicTimer</c> and Polly's delays) fire inside those calls: on the calling thread, one at a time, in due
/// order (ties in creation order), with the clock set to each timer's due time while its callback runs.
/// </summary>
/// <remarks>
/// Hand-written because Microsoft.Extensions.TimeProvider.Testing does not restore from this machine's NuGet feed.
/// Its API follows that package's <c>FakeTimeProvider</c> (<see cref="Advance"/>, <see cref="SetUtcNow"/>,
/// <see cref="SetLocalTimeZone"/>, <see cref="Start"/>, local time zone UTC) and adds what our tests need to meet
/// background code where it waits: <see cref="PendingTimers"/>, <see cref="PendingDueTimes"/>,
/// <see cref="WaitForPendingTimersAsync"/> and <see cref="WaitForTimerAsync"/>.
/// Timestamps are the clock's UTC ticks (<see cref="TimestampFrequency"/> = ticks per second).
/// </remarks>
public sealed class FakeTimeProvider : TimeProvider
{
    /// <summary>Where a clock made with <c>new()</c> starts: 2026-11-21 09:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();

    // In creation order, which is the order timers due at the same instant fire in.
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private TimeZoneInfo _localTimeZone = TimeZoneInfo.Utc;

    // Completed (and replaced) whenever a timer is created, changed or disposed, or the clock moves: wakes the waits.
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>A clock at <see cref="DefaultStart"/>.</summary>
    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    /// <summary>A clock at <paramref name="start"/> (kept as UTC).</summary>
    public FakeTimeProvider(DateTimeOffset start)
    {
        Start = start.ToUniversalTime();
        _now = Start;
    }

    /// <summary>The instant the clock started at.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>How long (in real time) the waits wait before failing with <see cref="TimeoutException"/>.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>UTC unless a test calls <see cref="SetLocalTimeZone"/>, so local times never depend on the machine.</summary>
    public override TimeZoneInfo LocalTimeZone
    {
        get
        {
            lock (_gate)
            {
                return _localTimeZone;
            }
        }
    }

    /// <summary>How many live timers are scheduled to fire (created, not disposed, not disarmed, not spent).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return CountPending();
            }
        }
    }

    /// <summary>For each scheduled timer, how long from now until it fires; soonest first.</summary>
    public IReadOnlyList<TimeSpan> PendingDueTimes
    {
        get
        {
            lock (_gate)
            {
                return DueTimes();
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void SetLocalTimeZone(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        lock (_gate)
        {
            _localTimeZone = zone;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing every timer that falls due on the way.</summary>
    /// <remarks>
    /// Code that a fired timer resumes (the retry after a <c>Task.Delay</c>) often runs inside this call, with the
    /// clock at that timer's due time, and sometimes on the thread pool after it. Timers it creates inside the call
    /// fire in the same call if they fall due by the target, so advancing past the next due time may run several
    /// steps at once, or not, by chance. To take one step, advance exactly to it, e.g. by
    /// <c>PendingDueTimes[0]</c> or the due time a <see cref="WaitForTimerAsync"/> matched.
    /// </remarks>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
        }

        MoveTo(target);
    }

    /// <summary>Moves the clock forward to <paramref name="value"/>, firing every timer that falls due on the way.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        var target = value.ToUniversalTime();
        lock (_gate)
        {
            if (target < _now)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"the clock never goes back (it is {_now:O})");
            }
        }

        MoveTo(target);
    }

    /// <summary>
    /// Waits (on real time, up to <see cref="WaitTimeout"/>) until at least <paramref name="count"/> timers are
    /// scheduled, i.e. until background code is parked on this clock and an <see cref="Advance"/> will reach it.
    /// </summary>
    public Task WaitForPendingTimersAsync(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return WaitUntilAsync(
            () => CountPending() >= count,
            () => $"expected {count} pending timer(s) on the fake clock, found {CountPending()}");
    }

    /// <summary>
    /// Waits (on real time, up to <see cref="WaitTimeout"/>) until a scheduled timer is due in a time from now that
    /// satisfies <paramref name="dueIn"/>, e.g. <c>due => due == TimeSpan.FromSeconds(2)</c>.
    /// </summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> dueIn)
    {
        ArgumentNullException.ThrowIfNull(dueIn);
        return WaitUntilAsync(
            () => _timers.Any(t => t.DueAt is { } due && dueIn(due - _now)),
            () => $"no timer on the fake clock matched; pending timers are due in [{string.Join(", ", DueTimes())}]");
    }

    private void MoveTo(DateTimeOffset target)
    {
        try
        {
            while (true)
            {
                FakeTimer? next;
                lock (_gate)
                {
                    next = NextDue(target);
                    if (next is null)
                    {
                        _now = target;
                        return;
                    }

                    _now = next.DueAt!.Value;
                    next.DueAt = next.Period > TimeSpan.Zero ? _now + next.Period : null;
                }

                // Outside the lock: the callback may read the clock or create, change and dispose timers.
                next.Fire();
            }
        }
        finally
        {
            Signal();
        }
    }

    private FakeTimer? NextDue(DateTimeOffset target)
    {
        FakeTimer? next = null;
        foreach (var timer in _timers)
        {
            if (timer.DueAt is { } due && due <= target && (next is null || due < next.DueAt))
            {
                next = timer;
            }
        }

        return next;
    }

    private bool Schedule(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        // The same limits as a real timer: a non-negative span, or Timeout.InfiniteTimeSpan.
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "must be non-negative or Timeout.InfiniteTimeSpan");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "must be non-negative or Timeout.InfiniteTimeSpan");
        }

        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            // A zero or infinite period means "fire once", as for System.Threading.Timer.
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
        }

        Signal();
        return true;
    }

    private void Remove(FakeTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.DueAt = null;
            _timers.Remove(timer);
        }

        Signal();
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
                if (condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                string what;
                lock (_gate)
                {
                    what = describe();
                }

                throw new TimeoutException($"{what} after {WaitTimeout.TotalSeconds:0.###} s of real time");
            }
        }
    }

    private int CountPending() => _timers.Count(t => t.DueAt is not null);

    private TimeSpan[] DueTimes() =>
        [.. _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt!.Value - _now).Order()];

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_gate)
        {
            fired = _changed;
            _changed = NewSignal();
        }

        fired.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // State is guarded by the owner's lock.
    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Disposed { get; set; }

        /// <returns><see langword="false"/> once the timer is disposed, as for a real timer.</returns>
        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Schedule(this, dueTime, period);

        public void Fire() => callback(state);

        public void Dispose() => owner.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
