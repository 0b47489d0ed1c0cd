namespace SeedreamBatch.Simulator.Dialects;

/// <summary>The model generations behind the many wire ids; each dialect maps its own ids onto these.</summary>
internal enum SeedreamFamily
{
    Seedream45,
    Seedream40,
    Seedream50Lite,
    Seedream30T2I,
    SeedEdit30,

    /// <summary>5.0 Pro: 1K/1.5K/2K, 921,600–4,624,220 px, ≤ 10 references, no stream or sequential output.</summary>
    Seedream50Pro,

    /// <summary>5.0 Flash: only its id is published; the simulator applies 5.0 lite's rules.</summary>
    Seedream50Flash,
}
