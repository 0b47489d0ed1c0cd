namespace SeedreamBatch.Providers;

public static class ProviderErrorKindExtensions
{
    /// <summary>
    /// True for errors worth trying again (the same request may succeed later, and the failed one was not billed);
    /// false errors must never be resent automatically. <see cref="ProviderErrorKind.OutcomeUnknown"/> is false on
    /// purpose: the first request may have been billed.
    /// </summary>
    public static bool IsRetryable(this ProviderErrorKind kind) =>
        kind is ProviderErrorKind.RateLimited or ProviderErrorKind.ServerError or ProviderErrorKind.Timeout or ProviderErrorKind.Transport;

    /// <summary>
    /// True for errors about the account or key rather than the job (bad key, overdue, quota or spending limit reached,
    /// model not activated): every later job would meet the same wall, so a run should stop submitting.
    /// </summary>
    public static bool IsAccountWide(this ProviderErrorKind kind) =>
        kind is ProviderErrorKind.Authentication or ProviderErrorKind.AccountProblem;
}
