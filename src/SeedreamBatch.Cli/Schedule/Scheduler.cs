namespace SeedreamBatch.Cli.Schedule;

/// <summary>
/// <c>schedule</c>: one <see cref="PipelineSchedule"/> loop per pipeline, all on one <see cref="TimeProvider"/>, and
/// the limits that end the process by itself (<c>--max-runs</c>, <c>--until</c>).
/// </summary>
/// <remarks>
/// Exit code: 0 when it ended by a limit or was stopped while no run was going; 130 when a stop signal came while a
/// run went on (that run finished its jobs in flight and recorded them first). A run's own exit code never becomes
/// the scheduler's: one failed night must not make systemd or Kubernetes restart the scheduler.
/// </remarks>
internal sealed class Scheduler(IReadOnlyList<ScheduledPipeline> pipelines, IPipelineLauncher launcher, TimeProvider time, ScheduleLog log, ScheduleLimits limits)
{
    private readonly CancellationTokenSource _limitReached = new();
    private int _started;
    private int _finished;
    private int _skipped;
    private int _interrupted;

    public IPipelineLauncher Launcher => launcher;

    public DateTimeOffset? Until => limits.Until;

    public int RunsStarted => Volatile.Read(ref _started);

    public int RunsFinished => Volatile.Read(ref _finished);

    public int RunsSkipped => Volatile.Read(ref _skipped);

    /// <summary>Raised once a run has ended and is recorded, with its exit code.</summary>
    public event Action<int>? RunEnded;

    /// <param name="stop">First SIGTERM/Ctrl+C: no new runs; runs going on finish their jobs in flight.</param>
    /// <param name="abort">Second: runs going on cancel their jobs in flight.</param>
    public async Task<int> RunAsync(CancellationToken stop, CancellationToken abort)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop, _limitReached.Token);
        var loops = pipelines.Select(p => new PipelineSchedule(p, this, log, time).RunAsync(done.Token, stop, abort)).ToList();
        await Task.WhenAll(loops).ConfigureAwait(false);
        var why = stop.IsCancellationRequested ? "stopped by signal" : _limitReached.IsCancellationRequested ? "limit reached" : "nothing more is due";
        log.Write("*", $"exiting ({why}): {RunsStarted} run(s) started, {RunsSkipped} skipped for overlap");
        return Volatile.Read(ref _interrupted) > 0 ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    public bool PastUntil(DateTimeOffset now)
    {
        if (limits.Until is { } until && now >= until)
        {
            _limitReached.Cancel();
            return true;
        }

        return false;
    }

    /// <summary>Takes one run of <c>--max-runs</c>; the last one also ends every loop (runs going on still finish).</summary>
    public bool TryTakeRun()
    {
        var taken = Interlocked.Increment(ref _started);
        if (limits.MaxRuns is { } max)
        {
            if (taken > max)
            {
                Interlocked.Decrement(ref _started);
                return false;
            }

            if (taken == max)
            {
                _limitReached.Cancel();
            }
        }

        return true;
    }

    public void CountSkipped() => Interlocked.Increment(ref _skipped);

    public void RunFinished(int exitCode, bool stopRequested)
    {
        Interlocked.Increment(ref _finished);
        if (stopRequested || exitCode == ExitCodes.Interrupted)
        {
            Interlocked.Increment(ref _interrupted);
        }

        RunEnded?.Invoke(exitCode);
    }
}
