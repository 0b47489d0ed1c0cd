using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The paid step: throttle, record "submitting" durably, submit, record the task id, await the answer,
/// record what was billed. Retries retryable errors up to <see cref="RunOptions.RetryAttempts"/>, never the
/// others; a resumed task is polled, never submitted again.
/// </summary>
/// <remarks>
/// Store writes take <see cref="CancellationToken.None"/>: an abort must not cut a record in half between a
/// paid call and its bookkeeping. A request in flight finishes after the first Ctrl+C, but no wait outlasts it: a
/// throttle pause or retry backoff ends at once (the job is not started, or recorded as its unbilled refusal), and
/// a task stops being polled (its recorded id lets the next run resume it). An abort
/// or an unexpected exception is <see cref="RunPipeline"/>'s to handle, as for every stage: the store keeps
/// "submitting"/"submitted" (the next run polls or reports it, never pays blindly), and a hold of a request that
/// may have been billed counts as spent.
/// </remarks>
internal sealed class GenerateImagesStage(
    IImageProvider provider,
    ProviderThrottles throttles,
    BudgetGate budget,
    StateStore store,
    RunOptions options,
    TimeProvider time,
    CancellationToken stop,
    Action<string> onError,
    PipelineLedger? ledger = null,
    Action<ProviderException>? onAccountError = null,
    Progress.RunProgressTracker? tracker = null)
{
    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken abort)
    {
        if (item.Action is not (WorkAction.Generate or WorkAction.ResumeTask))
        {
            return item;
        }

        // A task recorded by an earlier run exists at the provider and may be billed whatever happens now.
        item.MayBeBilled = item.Action == WorkAction.ResumeTask;
        ProviderResult? result;
        tracker?.RequestStarted();
        try
        {
            result = item.Action == WorkAction.ResumeTask
                ? await ResumeAsync(item, abort).ConfigureAwait(false)
                : await SubmitWithRetriesAsync(item, abort).ConfigureAwait(false);
        }
        finally
        {
            tracker?.RequestEnded();
        }

        if (result is not null)
        {
            await RecordResultAsync(item, result).ConfigureAwait(false);
            item.PaidInRun = true;
            tracker?.Paid();
        }

        if (item.Outcome == WorkOutcome.Failed)
        {
            // Recorded here, right after the answer: a submission left "submitting" would read as an
            // unknown outcome on the next run.
            await store.RecordFailedAsync(item.Job, options.RunId, item.Failure!, CancellationToken.None).ConfigureAwait(false);
            item.FailureRecorded = true;
        }

        return item;
    }

    private async Task<ProviderResult?> SubmitWithRetriesAsync(WorkItem item, CancellationToken abort)
    {
        var job = item.Job;
        var throttle = throttles.For(job.Request.Dialect);
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        ProviderException? lastError = null;
        for (var attempt = 1; ; attempt++)
        {
            // Every wait honours the first Ctrl+C at once (a Retry-After pause may be long); nothing is in flight yet.
            ThrottleLease lease;
            try
            {
                lease = await throttle.AcquireAsync(job.Request.ImageCount, stopOrAbort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested && attempt == 1)
            {
                item.CloseReservation(budget);
                item.Finish(WorkOutcome.NotStarted);
                return null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                return StoppedBeforeRetry(item, attempt, lastError);
            }

            using var heldLease = lease;

            // Checked after the wait for a slot, which may have outlasted the first Ctrl+C.
            if (attempt == 1 && stop.IsCancellationRequested)
            {
                item.CloseReservation(budget);
                item.Finish(WorkOutcome.NotStarted);
                return null;
            }

            ProviderHandle handle;
            ProviderResult? answer = null;
            try
            {
                if (attempt == 1 && ledger is not null)
                {
                    // Before the paid request, like "submitting": a run in another folder must find this one's record.
                    await ledger.RecordHomeAsync(job.Key, job.Output.Directory, CancellationToken.None).ConfigureAwait(false);
                }

                await store.RecordSubmittingAsync(job, options.RunId, CancellationToken.None).ConfigureAwait(false);
                item.MayBeBilled = true;
                handle = await provider.SendAsync(job.Request, job.Key, abort).ConfigureAwait(false);
                if (handle.TaskId is null)
                {
                    // No task id: the request is paid and answered on this connection; reading it is part of the submission.
                    answer = await provider.CollectAsync(handle, abort).ConfigureAwait(false);
                }
            }
            catch (ProviderException e)
            {
                // Only a definite refusal proves the request was not billed; an unknown outcome keeps its hold.
                item.MayBeBilled = e.Error.Kind == ProviderErrorKind.OutcomeUnknown;

                if (e.Error.Kind == ProviderErrorKind.RateLimited)
                {
                    lease.ReportRateLimited(e.Error.RetryAfter);
                }

                var retry = e.IsRetryable && attempt < options.RetryAttempts;
                var delay = retry ? RetryDelay(e, attempt) : TimeSpan.Zero;
                if (retry)
                {
                    // The final failure is the recorder's line (with its kind); a retry is worth a line of its own, by output name.
                    onError($"{job.Output.RelativeBaseName}: retry {attempt}/{options.RetryAttempts - 1}: {e.Error.ProviderCode} {e.Error.Message}{WaitNote(e, delay, throttle)}");
                }

                if (e.Error.Kind.IsAccountWide())
                {
                    // Every other job would fail the same way: no new submission until a person fixes the key or account.
                    onAccountError?.Invoke(e);
                }

                if (!retry)
                {
                    item.CloseReservation(budget);
                    item.Fail(FailureOf(e, attempt));
                    return null;
                }

                lease.Dispose();
                lastError = e;
                try
                {
                    await Task.Delay(delay, time, stopOrAbort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested)
                {
                    return StoppedBeforeRetry(item, attempt + 1, e);
                }

                continue;
            }

            // From here the provider holds a task or an answer: a retry may only await this same handle.
            // Submitting again could pay twice for one job.
            if (handle.TaskId is { } taskId)
            {
                item.TaskId = taskId;
                await store.RecordTaskIdAsync(job.Key, taskId, CancellationToken.None).ConfigureAwait(false);
            }

            var result = answer ?? await AwaitWithRetriesAsync(item, handle, abort).ConfigureAwait(false);
            if (result is not null)
            {
                lease.ReportSuccess();
            }

            return result;
        }
    }

    /// <summary>Polls a task an earlier run recorded.</summary>
    private Task<ProviderResult?> ResumeAsync(WorkItem item, CancellationToken abort) =>
        AwaitWithRetriesAsync(item, null, abort);

    /// <summary>
    /// Awaits a submitted task (<paramref name="handle"/>; null: the recorded <see cref="WorkItem.TaskId"/>). Polling is
    /// free, so transient errors are retried on the same task; it never submits again.
    /// </summary>
    private async Task<ProviderResult?> AwaitWithRetriesAsync(WorkItem item, ProviderHandle? handle, CancellationToken abort)
    {
        var job = item.Job;

        // A task is known to the provider by its recorded id: polling it (and waiting between polls) stops at the first
        // Ctrl+C, and the next run resumes it without paying again. A synchronous answer is already here.
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var waits = item.TaskId is not null ? stopOrAbort.Token : abort;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // The handle is spent after one wait: a retry (or a resume) re-attaches by the recorded task id.
                var task = handle ?? await provider.ReattachAsync(job.Request, job.Key, item.TaskId!, waits).ConfigureAwait(false);
                handle = null;
                return await provider.CollectAsync(task, waits).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested && item.TaskId is not null)
            {
                return LeftForTheNextRun(item);
            }
            catch (ProviderException e) when (e.IsRetryable && attempt < options.RetryAttempts)
            {
                onError($"{job.Output.RelativeBaseName}: retry {attempt}/{options.RetryAttempts - 1} of the poll: {e.Error.Message}");
                try
                {
                    await Task.Delay(Backoff(attempt), time, waits).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested)
                {
                    return LeftForTheNextRun(item);
                }
            }
            catch (ProviderException e)
            {
                if (e.Error.Kind.IsAccountWide())
                {
                    onAccountError?.Invoke(e);
                }

                item.CloseReservation(budget);

                // While awaiting, a retryable error is the task's own failure (see PaidCalls.WhileAwaiting).
                item.Fail(e.IsRetryable
                    ? new JobFailure(FailureKinds.TaskFailed, e.Error.ProviderCode, $"{e.Error.Message} (after {attempt} polls)")
                    : FailureOf(e, attempt));
                return null;
            }
        }
    }

    /// <summary>
    /// The first Ctrl+C came while this job waited to be sent again after a definite refusal (nothing billed): it is
    /// recorded as that failure, so the next run's <c>--retry-failed</c> sends it, and nothing is left "submitting".
    /// </summary>
    private ProviderResult? StoppedBeforeRetry(WorkItem item, int attempt, ProviderException? e)
    {
        item.CloseReservation(budget);
        item.Fail(e is null
            ? new JobFailure(FailureKinds.RetriesExhausted, null, $"stopped before try {attempt}")
            : new JobFailure(FailureKinds.RetriesExhausted, e.Error.ProviderCode, $"{e.Error.Message} (stopped before try {attempt}; rerun with --retry-failed)"));
        return null;
    }

    /// <summary>Stopped while polling a recorded task: the store keeps it "submitted" with its id, for the next run to resume.</summary>
    private ProviderResult? LeftForTheNextRun(WorkItem item)
    {
        item.CloseReservation(budget);
        item.Finish(WorkOutcome.Interrupted);
        return null;
    }

    /// <summary>What a wait will be, for the progress view: the provider's Retry-After is shown with the cap applied.</summary>
    private string WaitNote(ProviderException e, TimeSpan delay, ProviderThrottle throttle)
    {
        // A 429's wait is the throttle's pause (already capped), which holds back every job.
        var paused = throttle.PausedUntil - time.GetUtcNow();
        var wait = e.Error.Kind == ProviderErrorKind.RateLimited && paused > delay ? paused : delay;
        var capped = e.Error.RetryAfter is { } asked && asked > wait ? $" (Retry-After {asked.TotalSeconds:0} s, capped)" : "";
        return $"; retrying in {wait.TotalSeconds:0} s{capped}";
    }

    private async Task RecordResultAsync(WorkItem item, ProviderResult result)
    {
        var job = item.Job;
        var perImage = job.EstimatedCostUsd / Math.Max(1, job.Request.ImageCount);
        var billed = result.BilledCostUsd ?? perImage * result.BilledImages;
        var failedImages = result.Failures.Select(f => new ImageFailureRecord(f.Index, new JobFailure(FailureKinds.OfImage(f.Error.Kind), f.Error.ProviderCode, f.Error.Message))).ToList();

        // Settled before the store write: the bill is real even if recording it throws.
        if (item.Reservation is { } reservation)
        {
            budget.Settle(reservation, billed, result.BilledImages);
        }

        await store.RecordGeneratedAsync(job.Key, billed, result.BilledImages, ResultUrlsByIndex(result), failedImages, CancellationToken.None).ConfigureAwait(false);

        if (result.ExcessImages > 0)
        {
            onError($"{job.Output.RelativeBaseName}: provider error: answered {result.Images.Count + result.Failures.Count + result.ExcessImages} images for a request of {job.Request.ImageCount}; kept what was asked for and ignored {result.ExcessImages}");
        }

        item.Result = result;
        item.BilledCostUsd = billed;
        item.MissingImages.Clear();
        item.MissingImages.UnionWith(failedImages.Select(f => f.ImageIndex));
        if (result.Images.Count == 0)
        {
            item.Fail(new JobFailure(FailureKinds.NoImages, null, "the provider answered without any image"));
        }
    }

    /// <summary>
    /// The URLs to download again after a crash, by image index: null for an image without one (failed at the
    /// provider, or inline base64, which has to be saved before the crash to be kept).
    /// </summary>
    private static string?[] ResultUrlsByIndex(ProviderResult result)
    {
        var count = result.Images.Select(i => i.Index).Concat(result.Failures.Select(f => f.Index)).DefaultIfEmpty(-1).Max() + 1;
        var urls = new string?[count];
        foreach (var image in result.Images)
        {
            urls[image.Index] = image.RecordedUrl;
        }

        return urls;
    }

    /// <summary>
    /// The backoff, but never earlier than a refusal's <c>Retry-After</c> (a 503 "not now"), up to
    /// <see cref="RunOptions.RetryMaxDelay"/>. A 429's wait is the throttle's: it holds back every job, not just this one.
    /// </summary>
    private TimeSpan RetryDelay(ProviderException e, int attempt)
    {
        var backoff = Backoff(attempt);
        if (e.Error.Kind == ProviderErrorKind.RateLimited || e.Error.RetryAfter is not { } asked)
        {
            return backoff;
        }

        var honoured = asked > options.RetryMaxDelay ? options.RetryMaxDelay : asked;
        return honoured > backoff ? honoured : backoff;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var capped = exponential > options.RetryMaxDelay ? options.RetryMaxDelay : exponential;

        // Full jitter: many jobs failing together must not come back together.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private static JobFailure FailureOf(ProviderException e, int attempts)
    {
        var tries = e.IsRetryable ? $" (after {attempts} attempts)" : "";
        return new JobFailure(FailureKinds.Of(e.Error.Kind), e.Error.ProviderCode, e.Error.Message + tries);
    }
}
