namespace SeedreamBatch.Engine.Download;

/// <summary>How result images are fetched.</summary>
public sealed class DownloadOptions
{
    /// <summary>Largest file accepted; bigger answers fail without retry. Default 50 MB (a 4K PNG is about 30 MB).</summary>
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Tries per image, the first included, for transfer errors and 5xx. Default 4.</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>First pause between tries; doubles each time, with jitter. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest one try may take, so a drip-feeding server is abandoned and retried. Default 2 min.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest wait for the next bytes (headers or body) within a try: a stalled transfer fails fast. Default 30 s.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest one image may take over all its tries and the pauses between them. Default 5 min.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Fetches again, in the same run, of a result URL whose bytes post-processing refused as unusable (corrupt,
    /// truncated, not an image), before the image is recorded as failed. Free: the URL serves the paid image. Default 2.
    /// </summary>
    public int UnusableRefetches { get; init; } = 2;

    /// <summary>Downloads running at once (network-bound, independent of the provider's concurrency). Default 8.</summary>
    public int MaxParallelDownloads { get; init; } = 8;

    /// <summary>All problems, one per line; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxBytes < 1)
        {
            problems.Add($"download max bytes must be positive (got {MaxBytes})");
        }

        if (Attempts < 1)
        {
            problems.Add($"download attempts must be at least 1 (got {Attempts})");
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add($"download retry delay must not be negative (got {RetryBaseDelay})");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            problems.Add($"download attempt timeout must be positive (got {AttemptTimeout})");
        }

        if (IdleTimeout <= TimeSpan.Zero || TotalTimeout <= TimeSpan.Zero)
        {
            problems.Add($"download idle and total timeouts must be positive (got {IdleTimeout} and {TotalTimeout})");
        }

        if (UnusableRefetches < 0)
        {
            problems.Add($"refetches of unusable images must not be negative (got {UnusableRefetches})");
        }

        if (MaxParallelDownloads < 1)
        {
            problems.Add($"parallel downloads must be at least 1 (got {MaxParallelDownloads})");
        }

        return problems;
    }
}
