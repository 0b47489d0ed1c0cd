using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Which error answers to a PAID request prove the provider refused it (nothing generated, nothing billed), so a
/// resend cannot pay twice. Everything a gateway could have said while the origin kept working (408, 502, 504,
/// 524, a 5xx without the provider's own refusal body, a timeout code) becomes
/// <see cref="ProviderErrorKind.OutcomeUnknown"/> instead of a retryable kind.
/// </summary>
/// <remarks>
/// Refusals recognised (docs/provider-apis.md): 429 and the 4xx codes everywhere; 500 with Ark's documented
/// <c>InternalServiceError</c>; KIE's 455 ("service unavailable: retry later"); and, for every dialect, 503 with
/// <c>Retry-After</c> and a JSON error code (an explicit "not now": RFC 9110 says the server did not process the
/// request). Ace Data's 500 <c>api_error</c> is NOT one: its example message ("fetch failed") is an upstream call
/// failing, and nothing documents whether that was billed, so a paid one may have been (§2). The OpenAI gateway,
/// Sinan and KIE document no other 5xx codes, so their 500s are unknown.
/// </remarks>
internal static class PaidErrorPolicy
{
    public static ProviderErrorKind Classify(ProviderDialect dialect, int status, string? code, string message, bool hasRetryAfter)
    {
        var kind = ErrorClassifier.Classify(status, code, message);
        if (kind is not (ProviderErrorKind.ServerError or ProviderErrorKind.Timeout))
        {
            return kind;
        }

        return IsDocumentedRefusal(dialect, status, code, hasRetryAfter) ? ProviderErrorKind.ServerError : ProviderErrorKind.OutcomeUnknown;
    }

    private static bool IsDocumentedRefusal(ProviderDialect dialect, int status, string? code, bool hasRetryAfter) => status switch
    {
        500 => dialect switch
        {
            ProviderDialect.Ark => string.Equals(code, "InternalServiceError", StringComparison.Ordinal),
            ProviderDialect.Fal => true,
            _ => false,
        },
        455 => dialect == ProviderDialect.Kie,

        // fal retries 5xx itself and bills none (fal.ai reliability docs, §6); a gateway's 502/504 stays unknown.
        503 when dialect == ProviderDialect.Fal => true,
        503 => hasRetryAfter && code is not null,
        _ => false,
    };
}
