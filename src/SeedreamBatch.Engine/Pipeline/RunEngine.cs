using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Providers;

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
        OptionsValidation.ThrowIfInvalid(options.Validate(), nameof(options));

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
        string? accountStop = null;

        // A fatal store error, or an auth/account error no other job can get past, acts as a first Ctrl+C: nothing new
        // is submitted, what is in flight drains.
        using var stopOrFatal = CancellationTokenSource.CreateLinkedTokenSource(stop, fatal.Token);
        var tracker = new RunProgressTracker(s.Time, s.Budget, o.ExpectedJobCount, s.Progress);
        using var takeover = s.Ledger is { } ledger && s.OutputsDirectory is { } outputs ? new FolderTakeover(ledger, s.Store, outputs, o.RunId) : null;
        using var skip = new SkipCompletedStage(s.Store, o, s.Time, tracker.AddError, takeover, (_, _) => tracker.TakenOver());
        var record = new RecordResultStage(s.Store, o, tracker, _ => fatal.Cancel(), s.OnJobFailed);
        void OnAccountError(ProviderException e)
        {
            if (Interlocked.CompareExchange(ref accountStop, AccountStopLine(e), null) is null)
            {
                fatal.Cancel();
            }
        }

        if (s.Routes is { } routes)
        {
            // A provider taken out of the route or whose circuit opened is worth a line of its own in the view and the log.
            routes.OnNotice = tracker.AddError;
        }

        var pipeline = new RunPipeline(
            skip,
            new ReserveBudgetStage(s.Budget, stopOrFatal.Token, () => budgetReached.Cancel()),
            new GenerateImagesStage(s.Provider, s.Throttles, s.Budget, s.Store, o, s.Time, stopOrFatal.Token, tracker.AddError, s.Ledger, OnAccountError, tracker, s.Routes),
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
        RunStatus? status = null;
        try
        {
            var exhausted = await pipeline.RunAsync(jobs, stopOrFatal.Token, budgetReached.Token, abort).ConfigureAwait(false);
            if (record.Fatal is { } e)
            {
                status = RunStatus.StoreFailed;
                return BuildOutcome(tracker, stopped: false, exhausted) with
                {
                    Status = RunStatus.StoreFailed,
                    FatalError = $"the state store could not be written ({e.GetType().Name}: {e.Message}); the run stopped submitting and the last results may be unrecorded",
                };
            }

            if (Volatile.Read(ref accountStop) is { } line)
            {
                status = RunStatus.StoppedOnError;
                return BuildOutcome(tracker, stopped: false, exhausted) with { Status = RunStatus.StoppedOnError, FatalError = line };
            }

            var outcome = BuildOutcome(tracker, stop.IsCancellationRequested || abort.IsCancellationRequested, exhausted);
            status = outcome.Status;
            return outcome;
        }
        finally
        {
            // Also after an exception from the job source: the store and the manifests stay consistent. Best effort
            // when the store itself is what failed.
            try
            {
                await s.Store.FinishRunAsync(o.RunId, StoredName(status), CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>"authentication failed for ark: check ARK_API_KEY": the cause and the fix, in one line.</summary>
    private string AccountStopLine(ProviderException e)
    {
        var provider = _options.ProviderName;
        var code = string.IsNullOrEmpty(e.Error.ProviderCode) ? "" : $" ({e.Error.ProviderCode})";
        if (_services.Routes is { } routes)
        {
            // Each provider's cause is in the message ("no provider of the route took the job: ark: …; fal: …").
            return $"every provider of the route ({string.Join(", ", routes.Providers.Select(p => p.Name))}) refused the account or key: {e.Error.Message}; check each provider's key, balance, quota and model access; no more requests were sent";
        }

        return e.Error.Kind == ProviderErrorKind.Authentication
            ? $"authentication failed for {provider}{code}: check {_options.ApiKeyEnv ?? "the API key"}; no more requests were sent ({e.Error.Message})"
            : $"the {provider} account refused the request{code}: {e.Error.Message}; check the account's balance, quota and model access in the provider's console; no more requests were sent";
    }

    /// <summary>The run's status as the store's <c>runs</c> table has always written it (null: an exception ended the run).</summary>
    private static string StoredName(RunStatus? status) => status switch
    {
        RunStatus.Completed or RunStatus.CompletedWithFailures => "completed",
        RunStatus.BudgetReached => "budget_reached",
        RunStatus.Interrupted => "interrupted",
        RunStatus.StoppedOnError => "stopped_on_error",
        _ => "failed",
    };

    /// <param name="stopped">Ctrl+C came; it counts only if it kept some job from finishing.</param>
    /// <param name="exhausted">Every job of the source was taken up.</param>
    private RunOutcome BuildOutcome(RunProgressTracker tracker, bool stopped, bool exhausted)
    {
        var (counts, images) = tracker.Totals();
        var (partlyDone, imagesMissing) = tracker.Missing();
        int Count(WorkOutcome outcome) => counts.GetValueOrDefault(outcome);
        var budget = _services.Budget.Snapshot();
        var failed = Count(WorkOutcome.Failed) + Count(WorkOutcome.SkippedFailed);
        var taken = counts.Values.Sum();

        // Jobs the source still had when it stopped: with a known total, the summary adds up to it.
        var notReached = exhausted || _options.ExpectedJobCount is not { } expected ? 0 : (int)Math.Max(0, expected - taken);
        stopped = stopped && (!exhausted || Count(WorkOutcome.NotStarted) + Count(WorkOutcome.Interrupted) > 0);
        var status = stopped ? RunStatus.Interrupted
            : budget.IsExhausted ? RunStatus.BudgetReached
            : failed > 0 || partlyDone > 0 ? RunStatus.CompletedWithFailures
            : RunStatus.Completed;
        return new RunOutcome(
            Count(WorkOutcome.Done), Count(WorkOutcome.Failed), Count(WorkOutcome.SkippedDone), Count(WorkOutcome.SkippedFailed),
            Count(WorkOutcome.BudgetSkipped), Count(WorkOutcome.NotStarted), Count(WorkOutcome.Interrupted), images,
            budget.SpentUsd, budget.IsExhausted, stopped, status, PartlyDone: partlyDone, ImagesMissing: imagesMissing)
        {
            NotReached = notReached,
            TakenOver = tracker.TakenOverCount,
        };
    }
}
