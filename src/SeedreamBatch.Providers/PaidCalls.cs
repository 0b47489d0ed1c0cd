using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers;

/// <summary>
/// How the engine calls a provider, and the one place that decides "may this have been billed?" for what comes back
/// (the HTTP-level half is <see cref="Http.PaidErrorPolicy"/>). Every <see cref="ProviderException"/> these throw has
/// its final kind: the engine retries exactly the retryable ones (<see cref="ProviderErrorKindExtensions.IsRetryable"/>),
/// and once a paid request may have reached the provider a timeout or a broken connection is
/// <see cref="ProviderErrorKind.OutcomeUnknown"/>, never a retry.
/// </summary>
public static class PaidCalls
{
    /// <summary>Sends the paid request (<see cref="IImageProvider.SubmitAsync"/>).</summary>
    public static async Task<ProviderHandle> SendAsync(this IImageProvider provider, GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        try
        {
            return await provider.SubmitAsync(request, jobKey, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e)
        {
            throw AfterSubmit(e);
        }
    }

    /// <summary>
    /// Re-attaches to a task recorded earlier (after a crash, or after a poll failed) without paying again; a task the
    /// provider cannot fetch is an unknown outcome.
    /// </summary>
    public static async Task<ProviderHandle> ReattachAsync(this IImageProvider provider, GenerationRequest request, string jobKey, string taskId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ProviderHandle? handle;
        try
        {
            handle = await provider.TryResumeAsync(request, jobKey, taskId, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e)
        {
            throw WhileAwaiting(e);
        }

        return handle ?? throw new ProviderException(new ProviderError(ProviderErrorKind.OutcomeUnknown, provider.Dialect, "task_not_resumable",
            $"task {taskId} cannot be fetched from {provider.Dialect.ToName()}; it may have been paid: check the provider's console, then use --retry-unknown to submit again"));
    }

    /// <summary>
    /// The whole answer of a handle. Errors of a handle without task id (a synchronous answer, a stream) are the paid
    /// request's; of a task, the wait's. Never more images than were asked for: a provider answering 10,000 items for
    /// a one-image job must not make the run download (and keep) 10,000 files; the rest is counted and dropped.
    /// </summary>
    public static async Task<ProviderResult> CollectAsync(this IImageProvider provider, ProviderHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(handle);
        var asked = Math.Max(1, handle.Request.ImageCount);
        var excess = 0;
        var images = new List<GeneratedImage>();
        var failures = new List<ImageFailure>();
        BilledUsage? usage = null;
        try
        {
            await foreach (var output in provider.AwaitAsync(handle, cancellationToken).ConfigureAwait(false))
            {
                switch (output)
                {
                    case GeneratedImage image when images.Count + failures.Count < asked:
                        images.Add(image);
                        break;
                    case ImageFailure failure when images.Count + failures.Count < asked:
                        failures.Add(OfImage(failure));
                        break;
                    case GeneratedImage or ImageFailure:
                        excess++;
                        break;
                    case BilledUsage billed:
                        usage = billed;
                        break;
                }
            }
        }
        catch (ProviderException e)
        {
            throw handle.TaskId is null ? AfterSubmit(e) : WhileAwaiting(e);
        }
        finally
        {
            handle.Dispose();
        }

        if (images.Count == 0 && failures.Count > 0)
        {
            // Every image refused (an all-failed Ark stream): a failed job; providers bill successes only.
            var first = failures[0].Error;
            var kind = failures.Any(f => f.Error.Kind == ProviderErrorKind.ContentPolicy) ? ProviderErrorKind.ContentPolicy : ProviderErrorKind.InvalidRequest;
            throw new ProviderException(first with { Kind = kind, Message = $"all {failures.Count} images failed: {first.Message}" });
        }

        // Partial success: keep what was made and paid for (re-running would pay again for the successes); the failures
        // are recorded per image. Without a bill from the provider, every image it sent may be charged: never report less.
        var ordered = images.OrderBy(i => i.Index).ToList();
        return new ProviderResult(ordered, [.. failures.OrderBy(f => f.Index)], usage?.Images ?? (ordered.Count + excess), usage?.CostUsd, excess);
    }

    /// <summary>
    /// An error of the paid request (or of reading its synchronous answer). A 5xx is a definite failure before
    /// generation, which providers do not bill (<see cref="Http.PaidErrorPolicy"/> made the others unknown). The adapter
    /// already retried connections that never reached the server; what is left was sent.
    /// </summary>
    internal static ProviderException AfterSubmit(ProviderException e) => e.Error.Kind switch
    {
        ProviderErrorKind.Timeout or ProviderErrorKind.Transport => Reclassified(e, ProviderErrorKind.OutcomeUnknown),
        _ => e,
    };

    /// <summary>
    /// An error while waiting on a task that exists (polling, resuming). The provider saying the task itself failed (no
    /// HTTP status: the task's own state) is not billed, and a retry submits again; a poll that could not get through
    /// says nothing about the task, which may still finish and be billed, so the job is left for a resume.
    /// </summary>
    internal static ProviderException WhileAwaiting(ProviderException e) => e.Error.Kind switch
    {
        ProviderErrorKind.ServerError when e.Error.HttpStatus is null => e,
        ProviderErrorKind.ServerError or ProviderErrorKind.RateLimited or ProviderErrorKind.Timeout or ProviderErrorKind.Transport
            => Reclassified(e, ProviderErrorKind.OutcomeUnknown),
        _ => e,
    };

    /// <summary>
    /// One image of a partial success: an unknown outcome stays one (a broken stream after Ark accepted the job, an
    /// unreadable image: it may be billed), a refusal is content policy when the reason says so.
    /// </summary>
    internal static ImageFailure OfImage(ImageFailure failure) => failure.Error switch
    {
        { Kind: ProviderErrorKind.Timeout or ProviderErrorKind.Transport } => failure with { Error = failure.Error with { Kind = ProviderErrorKind.OutcomeUnknown } },
        { Kind: ProviderErrorKind.ContentPolicy or ProviderErrorKind.OutcomeUnknown } => failure,
        var error when LooksLikeContentPolicy(error) => failure with { Error = error with { Kind = ProviderErrorKind.ContentPolicy } },
        _ => failure,
    };

    private static bool LooksLikeContentPolicy(ProviderError error) =>
        error.ProviderCode.Contains("sensitive", StringComparison.OrdinalIgnoreCase)
        || error.ProviderCode.Contains("content", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("sensitive", StringComparison.OrdinalIgnoreCase);

    private static ProviderException Reclassified(ProviderException e, ProviderErrorKind kind) => new(e.Error with { Kind = kind }, e);
}
