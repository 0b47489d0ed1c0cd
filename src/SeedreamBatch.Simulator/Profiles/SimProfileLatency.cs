namespace SeedreamBatch.Simulator.Profiles;

internal sealed class SimProfileLatency
{
    public string? Request { get; set; }

    public string? PerImage { get; set; }
}
