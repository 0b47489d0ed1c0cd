namespace SeedreamBatch.Providers;

public static class ProviderErrorKindExtensions
{
    /// <summary>True for errors worth trying again (the same request may succeed later); false errors must never be resent.</summary>
    public static bool IsRetryable(this ProviderErrorKind kind) =>
        kind is ProviderErrorKind.RateLimited or ProviderErrorKind.ServerError or ProviderErrorKind.Timeout or ProviderErrorKind.Transport;
}
