using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers;

/// <summary>A classified provider or transport failure, with the provider's own words kept for the manifest.</summary>
/// <param name="Kind">Where it sits in the taxonomy (decides retries).</param>
/// <param name="Dialect">Who said it.</param>
/// <param name="ProviderCode">The provider's code (<c>InvalidParameter</c>, <c>invalid_token</c>...), or ours for local refusals.</param>
/// <param name="Message">The provider's message, with any key redacted.</param>
/// <param name="HttpStatus">The HTTP status, when there was a response.</param>
/// <param name="RetryAfter">How long the provider asked us to wait (<c>Retry-After</c>).</param>
public sealed record ProviderError(
    ProviderErrorKind Kind,
    ProviderDialect Dialect,
    string ProviderCode,
    string Message,
    int? HttpStatus = null,
    TimeSpan? RetryAfter = null)
{
    public bool IsRetryable => Kind.IsRetryable();

    public override string ToString() =>
        $"{Dialect.ToName()} {Kind}: {ProviderCode}{(HttpStatus is { } s ? $" (HTTP {s})" : "")}: {Message}";
}
