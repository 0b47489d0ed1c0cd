using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Engine.Throttling;

/// <summary>A provider's limits (manifest <c>providers.&lt;name&gt;</c>, <c>--concurrency</c>).</summary>
public sealed record ThrottleOptions
{
    /// <summary>Requests in flight at most; also the ceiling adaptive concurrency recovers to. Default 8.</summary>
    public int MaxConcurrency { get; init; } = 8;

    /// <summary>Requests started per minute at most; null (default) for no limit.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>
    /// Images asked for per minute at most; null (default) for no limit. Ark documents about 500 per
    /// account for 4.x models (docs/provider-apis.md §1), which the CLI sets for the <c>ark</c> provider.
    /// </summary>
    public int? ImagesPerMinute { get; init; }

    /// <summary>Consecutive successes before adaptive concurrency adds one slot back. Default 10.</summary>
    public int SuccessesPerIncrease { get; init; } = 10;

    /// <summary>How long to stop submitting after a 429 without <c>Retry-After</c>. Default 2 s.</summary>
    public TimeSpan DefaultRateLimitPause { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest <c>Retry-After</c> honoured, so a bogus header (999999 s) cannot park the run: 60 s, as the retry
    /// backoff's cap and the adapter's <c>max_retry_delay</c> (docs/cli.md). <c>run --max-retry-after</c> changes it.
    /// </summary>
    public TimeSpan MaxRateLimitPause { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A provider's limits as its settings give them, pausing after a 429 at most <paramref name="maxRateLimitPause"/>
    /// (<c>run --max-retry-after</c>), which also caps the default pause.
    /// </summary>
    public static ThrottleOptions For(ProviderSettings settings, TimeSpan maxRateLimitPause)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var defaultPause = new ThrottleOptions().DefaultRateLimitPause;
        return new ThrottleOptions
        {
            MaxConcurrency = settings.Concurrency,
            RequestsPerMinute = settings.RequestsPerMinute,
            ImagesPerMinute = settings.ImagesPerMinute,
            MaxRateLimitPause = maxRateLimitPause,
            DefaultRateLimitPause = defaultPause < maxRateLimitPause ? defaultPause : maxRateLimitPause,
        };
    }

    /// <summary>All problems, one per line; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string provider)
    {
        var problems = new List<string>();
        if (MaxConcurrency < 1)
        {
            problems.Add($"providers.{provider}.concurrency must be at least 1 (got {MaxConcurrency})");
        }

        if (RequestsPerMinute is < 1)
        {
            problems.Add($"providers.{provider}.requests_per_minute must be at least 1 (got {RequestsPerMinute})");
        }

        if (ImagesPerMinute is < 1)
        {
            problems.Add($"providers.{provider}.images_per_minute must be at least 1 (got {ImagesPerMinute})");
        }

        if (SuccessesPerIncrease < 1)
        {
            problems.Add($"providers.{provider}: successes per concurrency increase must be at least 1 (got {SuccessesPerIncrease})");
        }

        if (DefaultRateLimitPause < TimeSpan.Zero || MaxRateLimitPause < DefaultRateLimitPause)
        {
            problems.Add($"providers.{provider}: rate-limit pauses must satisfy 0 <= default ({DefaultRateLimitPause}) <= max ({MaxRateLimitPause})");
        }

        return problems;
    }
}
