using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Schedule;

/// <summary>
/// The loop of one pipeline: wait for the next due time on the <see cref="TimeProvider"/>, start a run unless the
/// previous one still goes on (then that due time is skipped and logged, never queued), and remember each due time
/// dealt with, so a restart knows what it missed and applies <c>catch_up</c>.
/// </summary>
internal sealed class PipelineSchedule(ScheduledPipeline pipeline, Scheduler scheduler, ScheduleLog log, TimeProvider time)
{
    /// <summary>
    /// A due time seen later than this is a missed one (the process was down, the machine slept, the clock jumped).
    /// Waking up on time takes milliseconds; a minute leaves room for a loaded machine.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    // Missed due times counted at most this far: a per-second cron down for a month must not enumerate for long.
    private const int MaxCounted = 100_000;

    private readonly Lock _gate = new();
    private ScheduleState _state = null!;
    private Task? _running;

    // Cleared the moment a run has ended and is recorded (its task completes a little later): what "still going" means.
    private volatile bool _busy;

    public ScheduledPipeline Pipeline => pipeline;

    public async Task RunAsync(CancellationToken done, CancellationToken stop, CancellationToken abort)
    {
        var schedule = pipeline.Schedule;
        _state = ScheduleState.Load(pipeline.StatePath) ?? FirstStart();
        while (!done.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (scheduler.PastUntil(now))
            {
                break;
            }

            HandleDue(now, stop, abort);
            if (done.IsCancellationRequested)
            {
                break;
            }

            var next = schedule.NextAfter(Max(_state.LastDue, now));
            if (next is null)
            {
                log.Write(pipeline.Name, $"'{schedule.Cron}' is never due again; nothing more to schedule");
                break;
            }

            var wakeAt = scheduler.Until is { } until && until < next.Value ? until : next.Value;
            try
            {
                await Task.Delay(Max(wakeAt - now, TimeSpan.Zero), time, done).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        if (Volatile.Read(ref _running) is { } running)
        {
            await running.ConfigureAwait(false);
        }
    }

    private ScheduleState FirstStart()
    {
        // Nothing can have been missed before the first start: due times count from now on.
        var state = new ScheduleState { LastDue = time.GetUtcNow() };
        state.Save(pipeline.StatePath);
        log.Write(pipeline.Name, $"first start; state in {pipeline.StatePath}");
        return state;
    }

    private void HandleDue(DateTimeOffset now, CancellationToken stop, CancellationToken abort)
    {
        var schedule = pipeline.Schedule;
        var due = new List<DateTimeOffset>();
        for (var at = schedule.NextAfter(_state.LastDue); at is { } t && t <= now && due.Count < MaxCounted; at = schedule.NextAfter(t))
        {
            due.Add(t);
        }

        if (due.Count == 0)
        {
            return;
        }

        var last = due[^1];
        var onTime = now - last <= Grace;
        var missed = onTime ? due.Count - 1 : due.Count;
        var shouldRun = onTime;
        if (missed > 0)
        {
            var what = missed == 1 ? "1 due time" : $"{missed}{(due.Count >= MaxCounted ? "+" : "")} due times";
            var lastMissed = onTime ? (due.Count > 1 ? due[^2] : last) : last;
            if (onTime)
            {
                log.Write(pipeline.Name, $"missed {what} (last {ScheduleLog.Local(lastMissed, schedule.TimeZone)}); this due run covers them");
            }
            else if (schedule.CatchUp == CatchUpPolicy.Once)
            {
                log.Write(pipeline.Name, $"missed {what} (last {ScheduleLog.Local(lastMissed, schedule.TimeZone)}); catch_up: once, running once now");
                shouldRun = true;
            }
            else
            {
                log.Write(pipeline.Name, $"missed {what} (last {ScheduleLog.Local(lastMissed, schedule.TimeZone)}); catch_up: skip, not run");
            }
        }

        lock (_gate)
        {
            _state = _state with { LastDue = last };
        }

        if (shouldRun)
        {
            TryStart(last, stop, abort);
        }

        Save();
    }

    private void TryStart(DateTimeOffset due, CancellationToken stop, CancellationToken abort)
    {
        var dueText = ScheduleLog.Local(due, pipeline.Schedule.TimeZone);
        if (_busy)
        {
            log.Write(pipeline.Name, $"run due {dueText} skipped: the previous run (started {ScheduleLog.Local(_state.LastRunStarted ?? due, pipeline.Schedule.TimeZone)}) is still going");
            scheduler.CountSkipped();
            return;
        }

        if (!scheduler.TryTakeRun())
        {
            return;
        }

        var started = time.GetUtcNow();
        lock (_gate)
        {
            _state = _state with { LastRunStarted = started };
        }

        log.Write(pipeline.Name, $"starting run due {dueText}");
        _busy = true;
        _running = RunOnceAsync(dueText, started, stop, abort);
    }

    private async Task RunOnceAsync(string dueText, DateTimeOffset started, CancellationToken stop, CancellationToken abort)
    {
        int code;
        try
        {
            // Called here, not queued: the launcher starts the run before the next due time is computed.
            code = await scheduler.Launcher.RunAsync(pipeline, stop, abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A run that throws is one failed run: the scheduler keeps the other due times.
            log.Write(pipeline.Name, $"run failed: {e.GetType().Name}: {e.Message}");
            code = ExitCodes.SomeJobsFailed;
        }

        var finished = time.GetUtcNow();
        lock (_gate)
        {
            _state = _state with { LastRunFinished = finished, LastExitCode = code };
        }

        Save();
        log.Write(pipeline.Name, $"run due {dueText} ended: exit {code} ({ExitMeaning(code)}) after {Math.Round((finished - started).TotalSeconds, 1)} s");
        _busy = false;
        scheduler.RunFinished(code, stop.IsCancellationRequested);
    }

    private void Save()
    {
        ScheduleState snapshot;
        lock (_gate)
        {
            snapshot = _state;
            snapshot.Save(pipeline.StatePath);
        }
    }

    private static string ExitMeaning(int code) => code switch
    {
        ExitCodes.Success => "all done",
        ExitCodes.SomeJobsFailed => "some jobs failed",
        ExitCodes.InvalidInput => "invalid input or folder busy",
        ExitCodes.BudgetReached => "budget reached",
        ExitCodes.Interrupted => "interrupted",
        _ => "see docs/cli.md",
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
