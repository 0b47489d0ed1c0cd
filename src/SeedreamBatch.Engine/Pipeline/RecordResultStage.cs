using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The last stage, one item at a time: writes how each job ended to the store and counts it. Writes use
/// <see cref="CancellationToken.None"/>: work that finished is recorded even while aborting.
/// </summary>
internal sealed class RecordResultStage(StateStore store, RunOptions options, RunProgressTracker progress)
{
    public async Task ExecuteAsync(WorkItem item)
    {
        var job = item.Job;
        if (!item.IsFinished)
        {
            await store.RecordDoneAsync(job.Key, job.ProcessingKey, item.Variants, CancellationToken.None).ConfigureAwait(false);
            item.Finish(WorkOutcome.Done);
        }
        else if (item.Outcome == WorkOutcome.Failed)
        {
            if (!item.FailureRecorded)
            {
                await store.RecordFailedAsync(job, options.RunId, item.Failure!, CancellationToken.None).ConfigureAwait(false);
            }

            progress.AddError($"{job.Output.RelativeBaseName}: {item.Failure!.Kind}: {item.Failure.Message}");
        }
        else if (item.Outcome == WorkOutcome.BudgetSkipped)
        {
            await store.RecordBudgetSkippedAsync(job, options.RunId, CancellationToken.None).ConfigureAwait(false);
        }

        var generated = item.Action is WorkAction.Generate or WorkAction.ResumeTask or WorkAction.Redownload ? item.Originals.Count : 0;
        progress.Count(item.Outcome, generated);
    }
}
