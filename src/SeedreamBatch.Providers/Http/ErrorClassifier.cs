namespace SeedreamBatch.Providers.Http;

/// <summary>
/// Maps a provider's code (when it has one) and HTTP status onto <see cref="ProviderErrorKind"/>. The code
/// wins over the status: KIE answers errors with HTTP 200, and OpenAI-style gateways send
/// <c>insufficient_quota</c> as a 429 that must not be retried.
/// </summary>
internal static class ErrorClassifier
{
    private static readonly (string Fragment, ProviderErrorKind Kind)[] CodeRules =
    [
        ("sensitive", ProviderErrorKind.ContentPolicy),          // Ark *SensitiveContentDetected*
        ("riskdetection", ProviderErrorKind.ContentPolicy),      // Ark *RiskDetection (content-policy refusals)
        // Ark spending/quota limits and models not activated: sent as 429/404 but no retry can succeed, and every
        // later job of the run would meet the same wall (docs/provider-apis.md §1; ark-cli arkcli-doctor error-codes).
        ("quotaexceeded", ProviderErrorKind.AccountProblem),     // Ark QuotaExceeded (429)
        ("setlimitexceeded", ProviderErrorKind.AccountProblem),  // Ark SetLimitExceeded (429)
        ("modelnotopen", ProviderErrorKind.AccountProblem),      // Ark ModelNotOpen (404)
        ("serveroverloaded", ProviderErrorKind.RateLimited),     // Ark ServerOverloaded (429, retryable)
        ("requestbursttoofast", ProviderErrorKind.RateLimited),  // Ark RequestBurstTooFast (429, retryable)
        ("content_policy", ProviderErrorKind.ContentPolicy),
        ("moderation", ProviderErrorKind.ContentPolicy),
        ("nsfw", ProviderErrorKind.ContentPolicy),
        ("overdue", ProviderErrorKind.AccountProblem),           // Ark AccountOverdueError
        ("accessdenied", ProviderErrorKind.AccountProblem),      // Ark AccessDenied
        ("access_denied", ProviderErrorKind.AccountProblem),
        ("insufficient", ProviderErrorKind.AccountProblem),      // insufficient_quota / _balance / _credits
        ("balance", ProviderErrorKind.AccountProblem),
        ("used_up", ProviderErrorKind.AccountProblem),
        ("ratelimit", ProviderErrorKind.RateLimited),            // Ark RateLimitExceeded.*, ModelAccountIpmRateLimitExceeded
        ("rate_limit", ProviderErrorKind.RateLimited),
        ("too_many_requests", ProviderErrorKind.RateLimited),    // Ace Data
        ("invalid_token", ProviderErrorKind.Authentication),     // Ace Data
        ("authentication", ProviderErrorKind.Authentication),    // Ark AuthenticationError
        ("unauthorized", ProviderErrorKind.Authentication),
        ("invalid_api_key", ProviderErrorKind.Authentication),
        ("notfound", ProviderErrorKind.NotFound),                // Ark InvalidEndpoint.NotFound
        ("not_found", ProviderErrorKind.NotFound),
        ("internalserviceerror", ProviderErrorKind.ServerError), // Ark
        ("api_error", ProviderErrorKind.ServerError),            // Ace Data
        ("server_error", ProviderErrorKind.ServerError),
        ("timeout", ProviderErrorKind.Timeout),
        ("parameter", ProviderErrorKind.InvalidRequest),         // Ark Missing/InvalidParameter
        ("invalid", ProviderErrorKind.InvalidRequest),
        ("token_mismatched", ProviderErrorKind.InvalidRequest),  // Ace Data
        ("not_implemented", ProviderErrorKind.InvalidRequest),
    ];

    // Failed tasks often carry only a sentence (KIE's data.error, failMsg): read it when code and status say nothing.
    private static readonly (string Fragment, ProviderErrorKind Kind)[] MessageRules =
    [
        ("sensitive", ProviderErrorKind.ContentPolicy),
        ("content policy", ProviderErrorKind.ContentPolicy),
        ("overdue", ProviderErrorKind.AccountProblem),
        ("insufficient", ProviderErrorKind.AccountProblem),
        ("rate limit", ProviderErrorKind.RateLimited),
        ("too many requests", ProviderErrorKind.RateLimited),
        ("internal error", ProviderErrorKind.ServerError),
        ("timed out", ProviderErrorKind.Timeout),
    ];

    public static ProviderErrorKind Classify(int? httpStatus, string? code, string? message = null)
    {
        if (!string.IsNullOrEmpty(code))
        {
            foreach (var (fragment, kind) in CodeRules)
            {
                if (code.Contains(fragment, StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
        }

        if (httpStatus is null or 200 or 400 && !string.IsNullOrEmpty(message))
        {
            foreach (var (fragment, kind) in MessageRules)
            {
                if (message!.Contains(fragment, StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
        }

        return httpStatus switch
        {
            401 => ProviderErrorKind.Authentication,
            402 or 403 => ProviderErrorKind.AccountProblem,
            404 or 410 => ProviderErrorKind.NotFound,
            408 => ProviderErrorKind.Timeout,
            429 => ProviderErrorKind.RateLimited,
            // KIE.ai: 455 "service unavailable, retry later" (nothing was generated); 505 a feature switched off,
            // which no resend fixes (docs.kie.ai common error codes; docs/provider-apis.md §5).
            455 => ProviderErrorKind.ServerError,
            505 => ProviderErrorKind.InvalidRequest,
            >= 500 => ProviderErrorKind.ServerError,
            // Anything else we do not understand is not retried: resending an unknown refusal only pays twice.
            _ => ProviderErrorKind.InvalidRequest,
        };
    }
}
