namespace SeedreamBatch.Simulator.Profiles;

internal sealed class SimProfileRateLimits
{
    public int? RequestsPerMinute { get; set; }

    public int? ImagesPerMinute { get; set; }
}
