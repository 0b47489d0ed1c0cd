using System.Collections.Concurrent;
using SeedreamBatch.Cli.Schedule;

namespace SeedreamBatch.Cli.Tests.Schedule;

/// <summary>
/// Stands in for a pipeline run at the scheduler's seam: records when (on the scheduler's clock) each run started and
/// which signal it saw; a run ends at once, or when the test releases it (<see cref="Hold"/>).
/// </summary>
internal sealed class RecordingLauncher(TimeProvider clock) : IPipelineLauncher
{
    private readonly ConcurrentQueue<TaskCompletionSource<int>> _held = new();

    public ConcurrentQueue<DateTimeOffset> Starts { get; } = new();

    /// <summary>Runs started after this hold until <see cref="Release"/> (or a stop signal, which they answer with 130).</summary>
    public bool Hold { get; set; }

    public TaskCompletionSource FirstStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool SawAbort { get; private set; }

    public async Task<int> RunAsync(ScheduledPipeline pipeline, CancellationToken stop, CancellationToken abort)
    {
        Starts.Enqueue(clock.GetUtcNow());
        FirstStarted.TrySetResult();
        if (!Hold)
        {
            return ExitCodes.Success;
        }

        var held = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _held.Enqueue(held);

        // As 'run' does: a stop lets the jobs in flight finish, then the run ends as interrupted.
        using var onStop = stop.Register(() => held.TrySetResult(ExitCodes.Interrupted));
        using var onAbort = abort.Register(() => SawAbort = true);
        return await held.Task;
    }

    public void Release()
    {
        while (_held.TryDequeue(out var held))
        {
            held.TrySetResult(ExitCodes.Success);
        }
    }
}
