namespace SeedreamBatch.Simulator.Dialects;

/// <summary>The model generations behind the many wire ids; each dialect maps its own ids onto these.</summary>
internal enum SeedreamFamily
{
    Seedream45,
    Seedream40,
    Seedream50Lite,
    Seedream30T2I,
    SeedEdit30,
}
