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
}
