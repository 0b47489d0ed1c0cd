namespace SeedreamBatch.Simulator.Profiles;

internal sealed class SimProfileSinan
{
    public string? CreatePath { get; set; }

    public string? TaskPath { get; set; }

    public int? AutoImages { get; set; }
}
