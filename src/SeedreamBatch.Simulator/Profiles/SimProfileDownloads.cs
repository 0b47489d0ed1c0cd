namespace SeedreamBatch.Simulator.Profiles;

internal sealed class SimProfileDownloads
{
    public long? BytesPerSecond { get; set; }

    public double? Truncate { get; set; }

    public double? Corrupt { get; set; }
}
