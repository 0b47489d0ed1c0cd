using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The last stage, several items at once (their writes share the store's commits, so a job does not wait for the fsync
/// of the job before it): writes how each job ended to the store and counts it. Writes use
/// <see cref="CancellationToken.None"/>: work that finished is recorded even while aborting.
/// </summary>
/// <remarks>
/// A failed store write (disk full, SQLITE_BUSY) must not fault this block: upstream blocks are bounded, so a
/// faulted recorder would leave them full and the job source blocked in SendAsync forever, with paid work in
/// flight. The first failure is reported through <paramref name="onFatal"/> (which stops submissions); from
/// then on items are only drained.
/// </remarks>
internal sealed class RecordResultStage(
    StateStore store, RunOptions options, RunProgressTracker progress, Action<Exception> onFatal, Action<JobFailureEvent>? onJobFailed = null)
{
    private Exception? _fatal;

    /// <summary>The first store write that failed; null while every write succeeded.</summary>
    public Exception? Fatal => Volatile.Read(ref _fatal);

    public async Task ExecuteAsync(WorkItem item)
    {
        if (item.PaidInRun)
        {
            progress.PaidProcessed();
        }

        if (Fatal is not null)
        {
            return;
        }

        try
        {
            await RecordAsync(item).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (Interlocked.CompareExchange(ref _fatal, e, null) is null)
            {
                onFatal(e);
            }
        }
    }

    private async Task RecordAsync(WorkItem item)
    {
        var job = item.Job;
        if (!item.IsFinished)
        {
            await store.RecordDoneAsync(job.Key, job.ProcessingKey, item.Variants, item.FailedImages, CancellationToken.None).ConfigureAwait(false);
            item.Finish(WorkOutcome.Done);
        }
        else if (item.Outcome == WorkOutcome.Failed)
        {
            if (!item.FailureRecorded)
            {
                await store.RecordFailedAsync(job, options.RunId, item.Failure!, item.FailedImages, CancellationToken.None).ConfigureAwait(false);
            }

            var failure = item.Failure!;
            progress.AddError($"{job.Output.RelativeBaseName}: {failure}");
            onJobFailed?.Invoke(new JobFailureEvent(job.Output.RelativeBaseName, job.Key, failure));
        }
        else if (item.Outcome == WorkOutcome.BudgetSkipped)
        {
            await store.RecordBudgetSkippedAsync(job, options.RunId, CancellationToken.None).ConfigureAwait(false);
        }

        var missing = item.Outcome is (WorkOutcome.Done or WorkOutcome.SkippedDone) ? item.MissingImages.Count : 0;
        if (missing > 0 && item.Outcome == WorkOutcome.Done)
        {
            progress.AddError($"{job.Output.RelativeBaseName}: done without image(s) {string.Join(", ", item.MissingImages)}: see status");
        }

        progress.Count(item.Outcome, item.DownloadedImages, missing);
    }
}
