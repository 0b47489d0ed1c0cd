namespace SeedreamBatch.Simulator;

/// <summary>
/// Realism and fault knobs. Mutable on purpose: a test flips them on the running simulator
/// (<see cref="SimulatorHost.Faults"/>) between requests. Rates are probabilities in [0, 1] rolled per request
/// (per image for <see cref="PartialFailureRate"/>, per download for the download faults).
/// </summary>
public sealed class FaultSettings
{
    /// <summary>Delay before a generation request answers (or an async task completes). Default none.</summary>
    public LatencyDistribution RequestLatency { get; set; } = LatencyDistribution.None;

    /// <summary>Extra delay per generated image (between stream events when streaming). Default none.</summary>
    public LatencyDistribution PerImageLatency { get; set; } = LatencyDistribution.None;

    /// <summary>Requests per minute per API key before the dialect's 429; 0 = unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Images per minute per API key before the dialect's 429 (Ark: about 500 for 4.x); 0 = unlimited.</summary>
    public int ImagesPerMinute { get; set; }

    /// <summary>
    /// Probability of the dialect's 429 (Ark <c>RateLimitExceeded.EndpointRPMExceeded</c>, Ace Data <c>too_many_requests</c>, ...)
    /// whatever <see cref="RequestsPerMinute"/> says: the account's shared limit spent by other clients. Not charged.
    /// </summary>
    public double RateLimitedRate { get; set; }

    /// <summary><c>Retry-After</c> sent with a <see cref="RateLimitedRate"/> 429 (whole seconds, rounded up); zero sends none. Default 1 s.</summary>
    public TimeSpan RateLimitedRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Probability of a 500 in the dialect's internal-error body.</summary>
    public double Error500Rate { get; set; }

    /// <summary>Probability of a 502 (gateway in front of the service failed).</summary>
    public double Error502Rate { get; set; }

    /// <summary>Probability of a 503 (overloaded) with <c>Retry-After</c>.</summary>
    public double Error503Rate { get; set; }

    /// <summary>
    /// A provider that goes down mid-run: once the ledger holds this many charges, every request (generation and polls)
    /// is answered with the dialect's 503, uncharged. Null (the default) = never. For failover tests.
    /// </summary>
    public int? UnavailableAfterCharges { get; set; }

    /// <summary>Probability the connection is aborted without any response.</summary>
    public double ResetRate { get; set; }

    /// <summary>Probability the request hangs for <see cref="HangDuration"/> and then the connection is dropped.</summary>
    public double HangRate { get; set; }

    /// <summary>How long a hung request hangs; long enough to exceed any sane client timeout. Default 10 minutes.</summary>
    public TimeSpan HangDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Probability that a paid request is charged (sync: its images generated; task dialects: the task accepted) and
    /// then the connection is dropped before any answer: the client cannot know it paid.
    /// </summary>
    public double ResetAfterChargeRate { get; set; }

    /// <summary>Like <see cref="ResetAfterChargeRate"/>, but the answer hangs for <see cref="HangDuration"/> before the drop.</summary>
    public double HangAfterChargeRate { get; set; }

    /// <summary>
    /// Probability that an Ark SSE stream is cut after <see cref="StreamDropAfterEvents"/> events (or before its completed
    /// event, if fewer come); generation and billing go on. Counted as the <c>stream_drop</c> outcome.
    /// </summary>
    public double StreamDropRate { get; set; }

    /// <summary>Events written (after the 200 and its headers) before a dropped stream is cut; default 1.</summary>
    public int StreamDropAfterEvents { get; set; } = 1;

    /// <summary>Probability that each image of a request fails on its own (the rest succeed and are billed).</summary>
    public double PartialFailureRate { get; set; }

    /// <summary>Word that, in a prompt, makes the request fail with the dialect's sensitive-input error (whole word, case-insensitive).
    /// In a reference URL it triggers the input-image variant. Empty disables.</summary>
    public string ContentMarker { get; set; } = "sim-blocked";

    /// <summary>Word that, in a prompt, makes generated images fail the output check (Ark <c>OutputImageSensitiveContentDetected</c>).</summary>
    public string OutputContentMarker { get; set; } = "sim-blocked-output";

    /// <summary>Throttle for <c>/files</c> downloads in bytes per second; 0 = full speed.</summary>
    public long DownloadBytesPerSecond { get; set; }

    /// <summary>Probability a download sends the full Content-Length but stops halfway and drops the connection.</summary>
    public double TruncateDownloadRate { get; set; }

    /// <summary>Probability a download serves damaged image bytes (same length, scrambled middle, no end marker).</summary>
    public double CorruptImageRate { get; set; }

    /// <summary>API keys whose account is in arrears (Ark 403 <c>AccountOverdueError</c>).</summary>
    public ISet<string> OverdueKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>API keys not allowed to use the service (Ark 403 <c>AccessDenied</c>).</summary>
    public ISet<string> DeniedKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>API keys whose account quota is used up (Ark 429 <c>QuotaExceeded</c>, not retryable).</summary>
    public ISet<string> QuotaExceededKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>API keys that reached a spending limit their owner set (Ark 429 <c>SetLimitExceeded</c>, not retryable).</summary>
    public ISet<string> SpendLimitKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Ark model ids not activated for the account (404 <c>ModelNotOpen</c>).</summary>
    public ISet<string> ClosedModels { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Ark's code for a <see cref="RateLimitedRate"/> 429: null for <c>RateLimitExceeded.EndpointRPMExceeded</c>, or one
    /// of the other documented retryable ones (<c>ModelAccountIpmRateLimitExceeded</c>, <c>ServerOverloaded</c>,
    /// <c>RequestBurstTooFast</c>).
    /// </summary>
    public string? RateLimitedCode { get; set; }

    /// <summary>Word that, in an Ark prompt, draws the <c>InputTextRiskDetection</c> content refusal.</summary>
    public string RiskMarker { get; set; } = "sim-risk";

    /// <summary>Every problem with the values, in one list (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Rate(string name, double v)
        {
            if (double.IsNaN(v) || v < 0 || v > 1)
            {
                errors.Add($"{name} must be between 0 and 1, got {v}");
            }
        }

        Rate("rate-limited rate", RateLimitedRate);
        Rate("error-500 rate", Error500Rate);
        Rate("error-502 rate", Error502Rate);
        Rate("error-503 rate", Error503Rate);
        Rate("reset rate", ResetRate);
        Rate("hang rate", HangRate);
        Rate("reset-after-charge rate", ResetAfterChargeRate);
        Rate("hang-after-charge rate", HangAfterChargeRate);
        Rate("stream-drop rate", StreamDropRate);
        Rate("partial-failure rate", PartialFailureRate);
        if (ResetAfterChargeRate + HangAfterChargeRate > 1)
        {
            errors.Add("the after-charge fault rates (reset, hang) add up to more than 1");
        }

        if (StreamDropAfterEvents < 0)
        {
            errors.Add("stream-drop events must be 0 or more");
        }

        Rate("truncate rate", TruncateDownloadRate);
        Rate("corrupt rate", CorruptImageRate);
        if (RateLimitedRate + Error500Rate + Error502Rate + Error503Rate + ResetRate + HangRate > 1)
        {
            errors.Add("the request fault rates (rate-limited, 500, 502, 503, reset, hang) add up to more than 1");
        }

        if (RateLimitedCode is not (null or "RateLimitExceeded.EndpointRPMExceeded" or "ModelAccountIpmRateLimitExceeded" or "ServerOverloaded" or "RequestBurstTooFast"))
        {
            errors.Add($"rate-limited code '{RateLimitedCode}' is not one of Ark's documented retryable 429 codes");
        }

        if (RateLimitedRetryAfter < TimeSpan.Zero)
        {
            errors.Add("rate-limited Retry-After must not be negative");
        }

        if (UnavailableAfterCharges < 0)
        {
            errors.Add("unavailable-after charges must be 0 or more");
        }

        if (RequestsPerMinute < 0 || ImagesPerMinute < 0)
        {
            errors.Add("rate limits must be 0 (unlimited) or positive");
        }

        if (DownloadBytesPerSecond < 0)
        {
            errors.Add("download bytes per second must be 0 (full speed) or positive");
        }

        return errors;
    }
}
