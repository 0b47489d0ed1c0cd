namespace SeedreamBatch.Providers;

/// <summary>
/// The one taxonomy every dialect's errors map to. The first four are retryable; the rest never are.
/// <see cref="OutcomeUnknown"/> is never retried automatically: it is the one kind where the provider may have billed.
/// </summary>
public enum ProviderErrorKind
{
    /// <summary>429 or a rate-limit code; <see cref="ProviderError.RetryAfter"/> says when, if the provider did.</summary>
    RateLimited,

    /// <summary>5xx: the provider failed (and bills nothing for it).</summary>
    ServerError,

    /// <summary>No answer in time (an attempt, a stream, or an async task).</summary>
    Timeout,

    /// <summary>Connection refused, reset or dropped.</summary>
    Transport,

    /// <summary>The provider refused the parameters, or the dialect cannot express the request.</summary>
    InvalidRequest,

    /// <summary>The key is missing, wrong or revoked.</summary>
    Authentication,

    /// <summary>Account overdue, out of credit, or denied access.</summary>
    AccountProblem,

    /// <summary>The prompt, an input image or an output image was refused by the provider's content checks.</summary>
    ContentPolicy,

    /// <summary>Unknown model/endpoint or task.</summary>
    NotFound,

    /// <summary>Some images of a job failed while others succeeded (see <see cref="ImageFailure"/>).</summary>
    PartialFailure,

    /// <summary>
    /// A paid request went out and we do not know what became of it: the request may have been accepted and
    /// billed; only resubmit deliberately. Raised for a paid call that timed out or broke after the request was
    /// sent (not for a connection that was never established), a gateway status (408/502/504/524, an unrecognised
    /// 5xx) in place of the provider's own refusal, an Ark stream that broke after its 200, and a 2xx paid answer
    /// that cannot be read. Providers do not deduplicate: a blind resend may pay twice. Task dialects: resume by
    /// task id where one is known.
    /// </summary>
    OutcomeUnknown,
}
