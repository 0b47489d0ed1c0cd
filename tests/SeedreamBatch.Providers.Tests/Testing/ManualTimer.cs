namespace SeedreamBatch.Providers.Tests.Testing;

internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;

    public DateTimeOffset? DueAt { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.Now() + dueTime;
        owner.Signal();
        return true;
    }

    public void Dispose()
    {
        DueAt = null;
        owner.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    internal void Fired() => DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;

    internal void Invoke() => callback(state);
}
