using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The failure kinds the engine records. Stable strings: summaries and scripts group by them. A provider's failure is
/// named from its <see cref="ProviderErrorKind"/> (<see cref="Of"/>, <see cref="OfImage"/>), the one error taxonomy from
/// the HTTP layer to the manifest rows; the rest are the engine's own steps.
/// </summary>
public static class FailureKinds
{
    /// <summary>A retryable error (5xx, 429, transport) that persisted through every attempt.</summary>
    public const string RetriesExhausted = "retries_exhausted";

    /// <summary>The provider refused the request and repeating it cannot help (400, 401, 403, 404).</summary>
    public const string NonRetryable = "non_retryable";

    /// <summary>The provider refused the key (missing, wrong, revoked): the run stops submitting at the first one.</summary>
    public const string AuthenticationFailed = "authentication_failed";

    /// <summary>
    /// The account cannot pay or may not use the model (overdue, out of credit or quota, model not enabled): the run stops
    /// submitting at the first one.
    /// </summary>
    public const string AccountProblem = "account_problem";

    /// <summary>Prompt, input or output image rejected by the provider's content filter.</summary>
    public const string ContentPolicy = "content_policy";

    /// <summary>
    /// A submission was recorded but the process died before the answer arrived and there is no task id to
    /// poll: the provider may have charged for it. Not resubmitted unless <c>--retry-unknown</c>.
    /// </summary>
    public const string UnknownOutcomeAfterCrash = "unknown_outcome_after_crash";

    /// <summary>
    /// The request may have reached the provider but no answer came (timeout after sending on a synchronous
    /// dialect): not retried, because a retry could pay twice.
    /// </summary>
    public const string UnknownOutcome = "unknown_outcome";

    /// <summary>
    /// The provider reported the submitted task itself failed (not billed) through every poll: a plain failure that
    /// <c>--retry-failed</c> submits again.
    /// </summary>
    public const string TaskFailed = "task_failed";

    /// <summary>Whether a failure of this kind means the request may have been billed without images to show for it.</summary>
    public static bool IsUnknownOutcome(string kind) => kind is UnknownOutcome or UnknownOutcomeAfterCrash;

    /// <summary>
    /// One image of a job (in the image failures, never a whole job): the provider made the job's other images but
    /// refused this one for a reason other than its content filter. Not billed; not retried on its own (the provider
    /// only takes whole jobs, and submitting the job again pays again for the images it made).
    /// </summary>
    public const string ImageFailed = "image_failed";

    /// <summary>The provider answered with no image at all.</summary>
    public const string NoImages = "no_images";

    /// <summary>A result image could not be downloaded (expired URL, over the size cap, persistent transfer errors).</summary>
    public const string DownloadFailed = "download_failed";

    /// <summary>Making the variants failed.</summary>
    public const string PostProcessFailed = "post_process_failed";

    /// <summary>An unexpected engine error; the message carries the exception's.</summary>
    public const string Internal = "internal";

    /// <summary>A job's provider failure (its kind final, as <see cref="PaidCalls"/> throws it).</summary>
    public static string Of(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.ContentPolicy => ContentPolicy,
        ProviderErrorKind.OutcomeUnknown => UnknownOutcome,
        _ when kind.IsRetryable() => RetriesExhausted,
        ProviderErrorKind.Authentication => AuthenticationFailed,
        ProviderErrorKind.AccountProblem => AccountProblem,
        _ => NonRetryable,
    };

    /// <summary>An image the provider did not make while it made others.</summary>
    public static string OfImage(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.ContentPolicy => ContentPolicy,
        ProviderErrorKind.OutcomeUnknown => UnknownOutcome,
        _ => ImageFailed,
    };
}
