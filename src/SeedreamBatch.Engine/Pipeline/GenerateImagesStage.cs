using Polly;
using Polly.Retry;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Routing;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The paid step: throttle, record "submitting" durably, submit, record the task id, await the answer,
/// record what was billed. Retries retryable errors up to <see cref="RunOptions.RetryAttempts"/> (Polly), never the
/// others; a resumed task is polled, never submitted again. With a route (<c>provider: [a, b]</c>) each attempt goes to
/// the provider its <see cref="ProviderRouter"/> chooses, or to the one an earlier run may have been billed by.
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
    Progress.RunProgressTracker? tracker = null,
    ProviderRoutes? routes = null)
{
    // The retry pipelines are built once per stage (a race builds an equal one); each job's state rides in its context.
    private static readonly ResiliencePropertyKey<SendState> SendKey = new("seedream.submit");
    private static readonly ResiliencePropertyKey<PollState> PollKey = new("seedream.poll");

    private ResiliencePipeline<Sent>? _retry;
    private ResiliencePipeline<ProviderResult>? _pollRetry;

    private ResiliencePipeline<Sent> Retry => _retry ??= BuildRetry();

    private ResiliencePipeline<ProviderResult> PollRetry => _pollRetry ??= BuildPollRetry();

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
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var send = new SendState(item);
        var context = ResilienceContextPool.Shared.Get(stopOrAbort.Token);
        context.Properties.Set(SendKey, send);
        Sent sent;
        try
        {
            // Every wait (a throttle slot, a retry pause: a Retry-After may be long) honours the first Ctrl+C at once.
            sent = await Retry.ExecuteAsync(
                async ctx =>
                {
                    var state = ctx.Properties.GetValue(SendKey, null!);
                    state.Attempt++;
                    state.Pausing = false;
                    return await SendAsync(state.Item, state.Attempt, state, ctx.CancellationToken, abort).ConfigureAwait(false);
                },
                context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested && !item.MayBeBilled && !send.Recorded)
        {
            item.CloseReservation(budget);
            item.Finish(WorkOutcome.NotStarted);
            return null;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested && !item.MayBeBilled)
        {
            // Stopped in a retry pause, or before a retry or the next provider of a route after a refusal: nothing of it
            // was billed, and the refusal is recorded so --retry-failed sends it.
            return StoppedBeforeRetry(item, send.Pausing ? send.Attempt + 1 : send.Attempt, send.LastRefusal);
        }
        catch (ProviderException e)
        {
            // Not retryable, or the last try: only a definite refusal proves the request was not billed.
            item.MayBeBilled = e.Error.Kind == ProviderErrorKind.OutcomeUnknown;
            if (e.Error.Kind.IsAccountWide())
            {
                ReportAccountError(item, e);
            }

            item.CloseReservation(budget);
            item.Fail(FailureOf(e, send.Attempt));
            return null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        // From here the provider holds a task or an answer: a retry may only await this same handle.
        // Submitting again (here or to another provider) could pay twice for one job.
        using var heldLease = sent.Lease;
        if (sent.Handle.TaskId is { } taskId)
        {
            item.TaskId = taskId;
            await store.RecordTaskIdAsync(job.Key, taskId, CancellationToken.None).ConfigureAwait(false);
        }

        var result = sent.Answer ?? await AwaitWithRetriesAsync(item, sent.Target, sent.Handle, abort).ConfigureAwait(false);
        if (result is not null)
        {
            sent.Lease.ReportSuccess();
        }

        return result;
    }

    /// <summary>
    /// The submit retries (Polly, like the rest of the code): only retryable refusals (5xx before generation, 429,
    /// both definitely unbilled) are tried again, up to <see cref="RunOptions.RetryAttempts"/>; never an unknown outcome,
    /// an account or a content refusal. Built once per stage; each job's state rides in the <see cref="ResilienceContext"/>.
    /// </summary>
    private ResiliencePipeline<Sent> BuildRetry() => BuildRetry<Sent>(
        RetryDelay,
        (context, e, retry, delay) =>
        {
            var send = context.Properties.GetValue(SendKey, null!);
            send.LastRefusal = e;
            send.Pausing = true;

            // The final failure is the recorder's line (with its kind); a retry is worth a line of its own, by output name.
            onError($"{send.Item.Job.Output.RelativeBaseName}: retry {retry}/{options.RetryAttempts - 1}: {e.Error.ProviderCode} {e.Error.Message}{WaitNote(e, delay, send.Throttle)}");
        });

    /// <summary>
    /// A retry of retryable <see cref="ProviderException"/>s only, up to <see cref="RunOptions.RetryAttempts"/> tries
    /// in all (none when that is 1); <paramref name="delay"/> and <paramref name="onRetry"/> take the refusal and the
    /// number of the retry about to be made (1-based).
    /// </summary>
    private ResiliencePipeline<T> BuildRetry<T>(
        Func<ProviderException, int, TimeSpan> delay,
        Action<ResilienceContext, ProviderException, int, TimeSpan> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = time };
        if (options.RetryAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = options.RetryAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ProviderException { IsRetryable: true }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(delay((ProviderException)args.Outcome.Exception!, args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    onRetry(args.Context, (ProviderException)args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// One attempt: to the run's provider; on a route, to the provider the job is pinned to (an earlier run's request
    /// there may have been billed), or through the route's <see cref="ProviderRouter"/>, which moves on only after a
    /// refusal that proves nothing was billed.
    /// </summary>
    private async Task<Sent> SendAsync(WorkItem item, int attempt, SendState send, CancellationToken waits, CancellationToken abort)
    {
        var job = item.Job;
        if (routes is null)
        {
            return await SendToAsync(item, attempt, send, Single(job), afterRefusal: false, waits, abort).ConfigureAwait(false);
        }

        if (routes.Find(item.PinnedProvider) is { } pinned)
        {
            return await SendToAsync(item, attempt, send, Routed(job, pinned), afterRefusal: false, waits, abort).ConfigureAwait(false);
        }

        if (attempt == 1 && stop.IsCancellationRequested)
        {
            // A stopped run starts no job: the router would fail it at once when the stop came from every provider being out.
            throw new OperationCanceledException(stop);
        }

        var refusedBefore = false;
        var routed = await routes.RouterFor(job.Request.Model).ExecuteAsync(
            async (provider, _) =>
            {
                try
                {
                    return await SendToAsync(item, attempt, send, Routed(job, routes.Find(provider)!), refusedBefore, waits, abort).ConfigureAwait(false);
                }
                catch (ProviderException e)
                {
                    // The router moves on only after a refusal that proves nothing was billed; the next provider is a new submission.
                    refusedBefore = true;
                    send.LastRefusal = e;
                    throw;
                }
            },
            abort).ConfigureAwait(false);
        return routed.Value;
    }

    /// <summary>Throttle, record "submitting" durably (with the provider), submit. A refusal releases the throttle slot.</summary>
    private async Task<Sent> SendToAsync(WorkItem item, int attempt, SendState send, ProviderTarget target, bool afterRefusal, CancellationToken waits, CancellationToken abort)
    {
        var job = item.Job;
        send.Throttle = target.Throttle;
        var lease = await target.Throttle.AcquireAsync(target.Request.ImageCount, waits).ConfigureAwait(false);
        try
        {
            // Checked after the wait for a slot, which may have outlasted the first Ctrl+C: a first try, or another provider
            // after a refusal, is a new submission.
            if (stop.IsCancellationRequested && (attempt == 1 || afterRefusal))
            {
                throw new OperationCanceledException(stop);
            }

            // Both durable before the paid request: "submitting", and the job's home in the ledger (a run in another folder
            // must find this one's record). Separate files, so the two commits (and fsyncs) are awaited together. A new job's
            // home was claimed with its chunk (SkipCompletedStage.LookUpAsync), already durable.
            var home = !send.Recorded && ledger is not null && !item.HomeIsHere
                ? ledger.RecordHomeAsync(job.Key, job.Output.Directory, CancellationToken.None)
                : Task.CompletedTask;
            var submitting = store.RecordSubmittingAsync(job, target.Provider is null ? null : target.Request, target.Endpoint, options.RunId, CancellationToken.None);
            await Task.WhenAll(home, submitting).ConfigureAwait(false);
            send.Recorded = true;
            item.MayBeBilled = true;
            item.Provider = target.Provider;
            item.PricePerImageUsd = target.PricePerImageUsd;
            var handle = await target.Client.SendAsync(target.Request, job.Key, abort).ConfigureAwait(false);

            // No task id: the request is paid and answered on this connection; reading it is part of the submission.
            var answer = handle.TaskId is null ? await target.Client.CollectAsync(handle, abort).ConfigureAwait(false) : null;
            return new Sent(target, handle, lease, answer);
        }
        catch (ProviderException e)
        {
            item.MayBeBilled = e.Error.Kind == ProviderErrorKind.OutcomeUnknown;
            if (e.Error.Kind == ProviderErrorKind.RateLimited)
            {
                lease.ReportRateLimited(e.Error.RetryAfter);
            }

            lease.Dispose();
            throw;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private ProviderTarget Single(Job job) => new(null, provider, job.Request, throttles.For(job.Request.Dialect), null, null);

    private ProviderTarget Routed(Job job, RouteProvider provider)
    {
        var request = routes!.RequestFor(job, provider);
        return new ProviderTarget(provider.Name, provider.Client, request, throttles.For(provider.Dialect), provider.Endpoint, routes.PricePerImage(provider, request.Model));
    }

    /// <summary>
    /// An auth or account refusal: without a route the run stops submitting. On a route the provider is taken out (the
    /// router already did for jobs it sent) and the run stops only when no provider of the route is left.
    /// </summary>
    private void ReportAccountError(WorkItem item, ProviderException e)
    {
        if (routes is not null)
        {
            if (item.Provider is { } provider)
            {
                routes.TakeOutOfService(provider, $"{(e.Error.ProviderCode.Length > 0 ? e.Error.ProviderCode : "account refused")} ({e.Error.Message})");
            }

            if (!routes.AllOutOfService)
            {
                return;
            }
        }

        // Every other job would fail the same way: no new submission until a person fixes the key or account.
        onAccountError?.Invoke(e);
    }

    /// <summary>Polls a task an earlier run recorded, at the provider that took it.</summary>
    private Task<ProviderResult?> ResumeAsync(WorkItem item, CancellationToken abort)
    {
        if (routes is null)
        {
            return AwaitWithRetriesAsync(item, Single(item.Job), null, abort);
        }

        if (routes.Find(item.PinnedProvider) is not { } provider)
        {
            // Asking another provider for this task id is meaningless, and submitting elsewhere could pay twice.
            item.CloseReservation(budget);
            item.Fail(new JobFailure(
                FailureKind.UnknownOutcome,
                "provider_not_in_route",
                $"task {item.TaskId} was sent to {item.PinnedProvider ?? "an unrecorded provider"}, which is not in this manifest's route; it may have been paid: add the provider back to fetch it"));
            return Task.FromResult<ProviderResult?>(null);
        }

        var target = Routed(item.Job, provider);
        item.Provider = target.Provider;
        item.PricePerImageUsd = target.PricePerImageUsd;
        return AwaitWithRetriesAsync(item, target, null, abort);
    }

    /// <summary>What one attempt left at a provider: its answer (synchronous dialects) or task, and the throttle slot it holds until the answer.</summary>
    private sealed record Sent(ProviderTarget Target, ProviderHandle Handle, ThrottleLease Lease, ProviderResult? Answer);

    /// <summary>The polls of one task: what they poll, and how many were made.</summary>
    private sealed class PollState(WorkItem item, ProviderTarget target, ProviderHandle? handle)
    {
        public WorkItem Item { get; } = item;

        public ProviderTarget Target { get; } = target;

        /// <summary>The submission's handle, spent by the first poll; later polls (and a resume) re-attach by the recorded task id.</summary>
        public ProviderHandle? Handle { get; set; } = handle;

        public int Attempt { get; set; }
    }

    /// <summary>What the attempts of one job have learned so far.</summary>
    private sealed class SendState(WorkItem item)
    {
        public WorkItem Item { get; } = item;

        /// <summary>The try under way, 1-based.</summary>
        public int Attempt { get; set; }

        /// <summary>In the pause before the next try (a stop now is "stopped before try <see cref="Attempt"/> + 1").</summary>
        public bool Pausing { get; set; }

        /// <summary>"submitting" was recorded for the job in this run (a stop before the next send records the refusal).</summary>
        public bool Recorded { get; set; }

        public ProviderException? LastRefusal { get; set; }

        /// <summary>The throttle of the provider tried last (its pause is what a retry waits for).</summary>
        public ProviderThrottle? Throttle { get; set; }
    }

    /// <summary>
    /// Awaits a submitted task (<paramref name="handle"/>; null: the recorded <see cref="WorkItem.TaskId"/>). Polling is
    /// free, so transient errors are retried on the same task; it never submits again.
    /// </summary>
    private async Task<ProviderResult?> AwaitWithRetriesAsync(WorkItem item, ProviderTarget target, ProviderHandle? handle, CancellationToken abort)
    {
        var job = item.Job;

        // A task is known to the provider by its recorded id: polling it (and waiting between polls) stops at the first
        // Ctrl+C, and the next run resumes it without paying again. A synchronous answer is already here.
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        var poll = new PollState(item, target, handle);
        var context = ResilienceContextPool.Shared.Get(item.TaskId is not null ? stopOrAbort.Token : abort);
        context.Properties.Set(PollKey, poll);
        try
        {
            return await PollRetry.ExecuteAsync(
                async ctx =>
                {
                    var state = ctx.Properties.GetValue(PollKey, null!);
                    state.Attempt++;
                    var task = state.Handle ?? await state.Target.Client.ReattachAsync(state.Target.Request, state.Item.Job.Key, state.Item.TaskId!, ctx.CancellationToken).ConfigureAwait(false);
                    state.Handle = null;
                    return await state.Target.Client.CollectAsync(task, ctx.CancellationToken).ConfigureAwait(false);
                },
                context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !abort.IsCancellationRequested && item.TaskId is not null)
        {
            return LeftForTheNextRun(item);
        }
        catch (ProviderException e)
        {
            if (e.Error.Kind.IsAccountWide())
            {
                ReportAccountError(item, e);
            }

            item.CloseReservation(budget);

            // While awaiting, a retryable error is the task's own failure (see PaidCalls.WhileAwaiting).
            item.Fail(e.IsRetryable
                ? new JobFailure(FailureKind.TaskFailed, e.Error.ProviderCode, $"{e.Error.Message} (after {poll.Attempt} polls)")
                : FailureOf(e, poll.Attempt));
            return null;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// The poll retries: polling is free, so a retryable error is retried on the same handle (never a new submission),
    /// after the engine's backoff.
    /// </summary>
    private ResiliencePipeline<ProviderResult> BuildPollRetry() => BuildRetry<ProviderResult>(
        (_, retry) => Backoff(retry),
        (context, e, retry, _) =>
        {
            var poll = context.Properties.GetValue(PollKey, null!);
            onError($"{poll.Item.Job.Output.RelativeBaseName}: retry {retry}/{options.RetryAttempts - 1} of the poll: {e.Error.Message}");
        });

    /// <summary>
    /// The first Ctrl+C came while this job waited to be sent again after a definite refusal (nothing billed): it is
    /// recorded as that failure, so the next run's <c>--retry-failed</c> sends it, and nothing is left "submitting".
    /// </summary>
    private ProviderResult? StoppedBeforeRetry(WorkItem item, int attempt, ProviderException? e)
    {
        item.CloseReservation(budget);
        item.Fail(e is null
            ? new JobFailure(FailureKind.RetriesExhausted, null, $"stopped before try {attempt}")
            : new JobFailure(FailureKind.RetriesExhausted, e.Error.ProviderCode, $"{e.Error.Message} (stopped before try {attempt}; rerun with --retry-failed)"));
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
    private string WaitNote(ProviderException e, TimeSpan delay, ProviderThrottle? throttle)
    {
        // A 429's wait is the throttle's pause (already capped), which holds back every job.
        var paused = throttle is null ? TimeSpan.Zero : throttle.PausedUntil - time.GetUtcNow();
        var wait = e.Error.Kind == ProviderErrorKind.RateLimited && paused > delay ? paused : delay;
        var capped = e.Error.RetryAfter is { } asked && asked > wait ? $" (Retry-After {asked.TotalSeconds:0} s, capped)" : "";
        return $"; retrying in {wait.TotalSeconds:0} s{capped}";
    }

    private async Task RecordResultAsync(WorkItem item, ProviderResult result)
    {
        var job = item.Job;
        // On a route the price of the provider that answered, not the dearest one the budget held.
        var perImage = item.PricePerImageUsd ?? job.EstimatedCostUsd / Math.Max(1, job.Request.ImageCount);
        var billed = result.BilledCostUsd ?? perImage * result.BilledImages;
        var failedImages = result.Failures.Select(f => new ImageFailureRecord(f.Index, new JobFailure(FailureKind.OfImage(f.Error.Kind), f.Error.ProviderCode, f.Error.Message))).ToList();

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
            item.Fail(new JobFailure(FailureKind.NoImages, null, "the provider answered without any image"));
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
        return capped * (0.5 + (options.Jitter.NextDouble() / 2));
    }

    private static JobFailure FailureOf(ProviderException e, int attempts)
    {
        var tries = e.IsRetryable ? $" (after {attempts} attempts)" : "";
        return new JobFailure(FailureKind.Of(e.Error.Kind), e.Error.ProviderCode, e.Error.Message + tries);
    }
}
