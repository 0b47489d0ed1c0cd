namespace SeedreamBatch.Simulator.Profiles;

/// <summary>The YAML profile file, snake_case keys; every field optional (see docs/simulator.md).</summary>
internal sealed class SimProfile
{
    public List<string>? ApiKeys { get; set; }

    public string? UrlTtl { get; set; }

    public int? Seed { get; set; }

    /// <summary><c>photo</c> (default) or <c>flat</c>: see <see cref="Images.SimImageStyle"/>.</summary>
    public string? Images { get; set; }

    public string? ContentMarker { get; set; }

    public string? OutputContentMarker { get; set; }

    public SimProfileLatency? Latency { get; set; }

    public SimProfileRateLimits? RateLimits { get; set; }

    public SimProfileErrors? Errors { get; set; }

    public SimProfileDownloads? Downloads { get; set; }

    public double? PartialFailureRate { get; set; }

    public List<string>? OverdueKeys { get; set; }

    public List<string>? DeniedKeys { get; set; }

    public SimProfileSinan? Sinan { get; set; }
}
