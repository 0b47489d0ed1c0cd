using System.Threading.Tasks.Dataflow;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The Dataflow graph — the only type that knows about Dataflow:
/// skip → reserve budget → generate (throttle, submit, await) → download → post-process → record.
/// Every block is bounded, so a streamed job source of any length keeps memory flat; blocks do not keep
/// manifest order (a slow job must not hold up the ones behind it).
/// </summary>
/// <remarks>
/// Blocks are never cancelled: on abort every queued item still flows to the recorder, each stage handing
/// it on at once as interrupted, so nothing that finished is dropped unrecorded. The source stops on the
/// first signal (stop or abort) or when the budget is reached. A stage only ever sees items still pending: a
/// finished item passes every later stage untouched (from the skip stage: straight), on its way to the recorder.
/// </remarks>
internal sealed class RunPipeline(
    SkipCompletedStage skip,
    ReserveBudgetStage reserve,
    GenerateImagesStage generate,
    DownloadImagesStage download,
    PostProcessImagesStage postProcess,
    RecordResultStage record,
    BudgetGate budget,
    RunPipelineLimits limits)
{
    /// <summary>Runs the jobs; true when every job of the source was taken up (the source ran out, not a signal).</summary>
    public async Task<bool> RunAsync(IEnumerable<Job> jobs, CancellationToken stop, CancellationToken budgetReached, CancellationToken abort)
    {
        var exhausted = true;
        var skipBlock = Stage(skip.ExecuteAsync, limits.SkipParallelism, abort);
        var reserveBlock = Stage(reserve.ExecuteAsync, 1, abort);
        var generateBlock = Stage(generate.ExecuteAsync, limits.GenerateParallelism, abort);
        var downloadBlock = Stage(download.ExecuteAsync, limits.DownloadParallelism, abort);
        var postProcessBlock = Stage(postProcess.ExecuteAsync, limits.PostProcessParallelism, abort);
        var recordBlock = new ActionBlock<WorkItem>(
            record.ExecuteAsync,
            new ExecutionDataflowBlockOptions { MaxDegreeOfParallelism = limits.RecordParallelism, BoundedCapacity = limits.RecordParallelism + limits.Buffer, EnsureOrdered = false });

        // A job the skip stage finished (made or failed before: most of a nightly rerun) goes straight to the recorder, not
        // through four stages with nothing to do. The recorder still completes last: post-processing completes only once
        // the skip stage has handed on everything, to either link.
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        skipBlock.LinkTo(recordBlock, item => item.IsFinished);
        skipBlock.LinkTo(reserveBlock, link);
        reserveBlock.LinkTo(generateBlock, link);
        generateBlock.LinkTo(downloadBlock, link);
        downloadBlock.LinkTo(postProcessBlock, link);
        postProcessBlock.LinkTo(recordBlock, link);

        try
        {
            // A chunk's records are read in one go; its jobs then go one by one, each only while the run goes on.
            foreach (var chunk in jobs.Chunk(PaidWorkSurvey.LookupChunk))
            {
                foreach (var item in await skip.LookUpAsync(chunk).ConfigureAwait(false))
                {
                    // Back-pressure: waits while the first stage is full. Not cancellable by abort on purpose:
                    // the head always drains because no block is ever cancelled.
                    if (stop.IsCancellationRequested || abort.IsCancellationRequested || budgetReached.IsCancellationRequested
                        || !await skipBlock.SendAsync(item).ConfigureAwait(false))
                    {
                        exhausted = false;
                        break;
                    }
                }

                if (!exhausted)
                {
                    break;
                }
            }
        }
        finally
        {
            skipBlock.Complete();
            await recordBlock.Completion.ConfigureAwait(false);
        }

        return exhausted;
    }

    private TransformBlock<WorkItem, WorkItem> Stage(Func<WorkItem, CancellationToken, Task<WorkItem>> execute, int parallelism, CancellationToken abort) =>
        new(
            async item =>
            {
                if (item.IsFinished)
                {
                    return item;
                }

                if (abort.IsCancellationRequested)
                {
                    return Interrupt(item);
                }

                try
                {
                    return await execute(item, abort).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    return Interrupt(item);
                }
                catch (Exception e)
                {
                    // A block that faults would stop the whole run; one job's surprise (an adapter bug, an unmapped
                    // error, a store write that failed after a paid answer) stays that job's failure.
                    item.CloseReservation(budget);
                    item.Fail(new JobFailure(FailureKind.Internal, e.GetType().Name, e.Message));
                    return item;
                }
            },
            new ExecutionDataflowBlockOptions
            {
                MaxDegreeOfParallelism = parallelism,
                BoundedCapacity = parallelism + limits.Buffer,
                EnsureOrdered = false,
            });

    private WorkItem Interrupt(WorkItem item)
    {
        item.CloseReservation(budget);
        item.Finish(WorkOutcome.Interrupted);
        return item;
    }

}
