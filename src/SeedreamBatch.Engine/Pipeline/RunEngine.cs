using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Runs a manifest's jobs to finished files and an exact record: the entry point the CLI's <c>run</c> calls.
/// </summary>
public sealed class RunEngine
{
    private readonly RunServices _services;
    private readonly RunOptions _options;

    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem, one per line.</exception>
    public RunEngine(RunServices services, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = [.. options.Validate(), .. services.Throttles.Validate()];
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        _services = services;
        _options = options;
    }

    /// <summary>
    /// Takes <paramref name="jobs"/> (streamed, never materialised) through the pipeline.
    /// <paramref name="stop"/> (first Ctrl+C): no new submissions; in-flight jobs finish and are recorded.
    /// <paramref name="abort"/> (second Ctrl+C): in-flight calls are cancelled; the store keeps each job's last
    /// consistent state for the next run. The manifests are written from the store in every case.
    /// </summary>
    public async Task<RunOutcome> RunAsync(IEnumerable<Job> jobs, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var s = _services;
        var o = _options;
        using var budgetReached = new CancellationTokenSource();
        using var fatal = new CancellationTokenSource();

        // A fatal store error acts as a first Ctrl+C: nothing new is submitted, what is in flight drains.
        using var stopOrFatal = CancellationTokenSource.CreateLinkedTokenSource(stop, fatal.Token);
        var tracker = new RunProgressTracker(s.Time, s.Budget, o.ExpectedJobCount, s.Progress);
        using var skip = new SkipCompletedStage(s.Store, o, s.Time, tracker.AddError);
        var record = new RecordResultStage(s.Store, o, tracker, _ => fatal.Cancel());
        var pipeline = new RunPipeline(
            skip,
            new ReserveBudgetStage(s.Budget, stopOrFatal.Token, () => budgetReached.Cancel()),
            new GenerateImagesStage(s.Client, s.Throttles, s.Budget, s.Store, o, s.Time, stopOrFatal.Token, tracker.AddError),
            new DownloadImagesStage(s.Downloader, s.Store, s.Time, stopOrFatal.Token),
            new PostProcessImagesStage(s.PostProcessor, s.Downloader, s.Store),
            record,
            s.Budget,
            new RunPipelineLimits(
                SkipParallelism: 2,
                GenerateParallelism: s.Throttles.MaxConcurrency,
                DownloadParallelism: s.Downloader.Options.MaxParallelDownloads,
                PostProcessParallelism: o.PostProcessParallelism,
                Buffer: o.StageBuffer));

        await s.Store.BeginRunAsync(new RunRecord(o.RunId, o.ManifestPath, o.ManifestSha256, o.ToolVersion), CancellationToken.None).ConfigureAwait(false);
        var status = "failed";
        try
        {
            await pipeline.RunAsync(jobs, stopOrFatal.Token, budgetReached.Token, abort).ConfigureAwait(false);
            if (record.Fatal is { } e)
            {
                return BuildOutcome(tracker, stopped: false) with
                {
                    ExitCode = RunExitCodes.SomeFailed,
                    FatalError = $"the state store could not be written ({e.GetType().Name}: {e.Message}); the run stopped submitting and the last results may be unrecorded",
                };
            }

            var outcome = BuildOutcome(tracker, stop.IsCancellationRequested || abort.IsCancellationRequested);
            status = outcome.ExitCode switch
            {
                RunExitCodes.Interrupted => "interrupted",
                RunExitCodes.BudgetReached => "budget_reached",
                _ => "completed",
            };
            return outcome;
        }
        finally
        {
            // Also after an exception from the job source: the store and the manifests stay consistent. Best effort
            // when the store itself is what failed.
            try
            {
                await s.Store.FinishRunAsync(o.RunId, status, CancellationToken.None).ConfigureAwait(false);
                if (s.Reports is { } reports)
                {
                    await reports.WriteAllAsync(o.RunId, s.Budget.Snapshot(), CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception) when (record.Fatal is not null)
            {
            }
        }
    }

    private RunOutcome BuildOutcome(RunProgressTracker tracker, bool stopped)
    {
        var (counts, images) = tracker.Totals();
        var (partlyDone, imagesMissing) = tracker.Missing();
        int Count(WorkOutcome outcome) => counts.GetValueOrDefault(outcome);
        var budget = _services.Budget.Snapshot();
        var failed = Count(WorkOutcome.Failed) + Count(WorkOutcome.SkippedFailed);
        var exitCode = stopped ? RunExitCodes.Interrupted
            : budget.IsExhausted ? RunExitCodes.BudgetReached
            : failed > 0 || partlyDone > 0 ? RunExitCodes.SomeFailed
            : RunExitCodes.Success;
        return new RunOutcome(
            Count(WorkOutcome.Done), Count(WorkOutcome.Failed), Count(WorkOutcome.SkippedDone), Count(WorkOutcome.SkippedFailed),
            Count(WorkOutcome.BudgetSkipped), Count(WorkOutcome.NotStarted), Count(WorkOutcome.Interrupted), images,
            budget.SpentUsd, budget.IsExhausted, stopped, exitCode, PartlyDone: partlyDone, ImagesMissing: imagesMissing);
    }
}
