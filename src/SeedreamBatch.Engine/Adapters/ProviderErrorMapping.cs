using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Adapters;

/// <summary>
/// Maps the provider taxonomy to the engine's retry decisions. The rule that matters: once a paid request may
/// have reached the provider, a timeout or a broken connection is an unknown outcome, never a retry.
/// </summary>
internal static class ProviderErrorMapping
{
    /// <summary>An error of the paid request (or of reading its synchronous answer).</summary>
    public static GenerationException OnSubmit(ProviderException e) => Map(e, e.Error.Kind switch
    {
        ProviderErrorKind.RateLimited => GenerationErrorKind.RateLimited,

        // A 5xx is a definite failure before generation, which providers do not bill.
        ProviderErrorKind.ServerError => GenerationErrorKind.Transient,

        // The adapter already retried connections that never reached the server; what is left was sent. The
        // provider's own OutcomeUnknown (a paid request that may have been accepted) must never fall through to a
        // plain failure, which --retry-failed would pay for again.
        ProviderErrorKind.Timeout or ProviderErrorKind.Transport or ProviderErrorKind.OutcomeUnknown => GenerationErrorKind.OutcomeUnknown,
        _ => NonRetryable(e.Error.Kind),
    });

    /// <summary>An error while waiting on a task that exists (polling, resuming).</summary>
    public static GenerationException OnAwait(ProviderException e) => Map(e, e.Error.Kind switch
    {
        // The provider says the task itself failed (no HTTP status: the task's own state): not billed, submit again.
        ProviderErrorKind.ServerError when e.Error.HttpStatus is null => GenerationErrorKind.Transient,

        // A poll that could not get through says nothing about the task, which may still finish and be billed:
        // submitting again could pay twice, so the job is left for a resume.
        ProviderErrorKind.ServerError or ProviderErrorKind.RateLimited or ProviderErrorKind.Timeout or ProviderErrorKind.Transport
            or ProviderErrorKind.OutcomeUnknown => GenerationErrorKind.OutcomeUnknown,
        _ => NonRetryable(e.Error.Kind),
    });

    /// <summary>Every image of the job was refused: content policy when the reason says so, else an invalid request.</summary>
    public static GenerationException AllImagesFailed(IReadOnlyList<ImageFailure> failures)
    {
        var first = failures[0].Error;
        var content = failures.Any(f => LooksLikeContentPolicy(f.Error));
        return new GenerationException(
            content ? GenerationErrorKind.ContentPolicy : GenerationErrorKind.InvalidRequest,
            first.ProviderCode,
            $"all {failures.Count} images failed: {first.Message}");
    }

    /// <summary>
    /// One image of a partial success: an unknown outcome stays one (a broken stream after Ark accepted the job, an
    /// unreadable image: it may be billed), a refusal is content policy when the reason says so, otherwise invalid.
    /// </summary>
    public static FailedImage OnImageFailure(ImageFailure failure)
    {
        var error = failure.Error;
        var kind = error.Kind switch
        {
            ProviderErrorKind.OutcomeUnknown or ProviderErrorKind.Timeout or ProviderErrorKind.Transport => GenerationErrorKind.OutcomeUnknown,
            ProviderErrorKind.ContentPolicy => GenerationErrorKind.ContentPolicy,
            _ when LooksLikeContentPolicy(error) => GenerationErrorKind.ContentPolicy,
            _ => GenerationErrorKind.InvalidRequest,
        };
        return new FailedImage(failure.Index, kind, error.ProviderCode, error.Message);
    }

    private static GenerationErrorKind NonRetryable(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.ContentPolicy => GenerationErrorKind.ContentPolicy,
        ProviderErrorKind.Authentication => GenerationErrorKind.Authentication,
        ProviderErrorKind.AccountProblem => GenerationErrorKind.Account,
        _ => GenerationErrorKind.InvalidRequest,
    };

    private static bool LooksLikeContentPolicy(ProviderError error) =>
        error.ProviderCode.Contains("sensitive", StringComparison.OrdinalIgnoreCase)
        || error.ProviderCode.Contains("content", StringComparison.OrdinalIgnoreCase)
        || error.Message.Contains("sensitive", StringComparison.OrdinalIgnoreCase);

    private static GenerationException Map(ProviderException e, GenerationErrorKind kind) =>
        new(kind, e.Error.ProviderCode, e.Error.Message, e.Error.RetryAfter, e);
}
