namespace SeedreamBatch.Engine.Ports;

/// <summary>What kind of failure a provider call had: the engine retries only <see cref="Transient"/> and <see cref="RateLimited"/>.</summary>
public enum GenerationErrorKind
{
    /// <summary>5xx, connection refused before sending, a task the provider reports failed (and did not bill): retry.</summary>
    Transient,

    /// <summary>429: retry after the throttle's pause; concurrency is halved.</summary>
    RateLimited,

    /// <summary>400/404 and the like: the request itself is wrong; never retried.</summary>
    InvalidRequest,

    /// <summary>The content filter refused the prompt or an image; never retried.</summary>
    ContentPolicy,

    /// <summary>401/403, a wrong or revoked key: nothing will work until a person acts; never retried, and the run stops submitting.</summary>
    Authentication,

    /// <summary>
    /// The account cannot pay or may not use the model (overdue, out of credit or quota, model not enabled): nothing
    /// will work until a person acts; never retried, and the run stops submitting.
    /// </summary>
    Account,

    /// <summary>
    /// The request may have reached the provider and no answer came (a timeout after sending on a synchronous
    /// dialect): retrying could pay twice, so it is not retried (failure kind <c>unknown_outcome</c>).
    /// </summary>
    OutcomeUnknown,
}
