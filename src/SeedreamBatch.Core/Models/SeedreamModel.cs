namespace SeedreamBatch.Core.Models;

/// <summary>A Seedream model under its provider-neutral canonical name; each dialect maps it to its own id.</summary>
public enum SeedreamModel
{
    Seedream50Lite,
    Seedream45,
    Seedream40,
    Seedream30T2I,
    SeedEdit30,
}
