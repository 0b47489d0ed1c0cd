namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>An Ark model id and the generation it belongs to.</summary>
internal sealed record ArkModel(string Id, SeedreamFamily Family)
{
    public bool TakesSeed => Family is SeedreamFamily.Seedream30T2I or SeedreamFamily.SeedEdit30;

    public bool IsV4OrLater => Family is SeedreamFamily.Seedream45 or SeedreamFamily.Seedream40 or SeedreamFamily.Seedream50Lite
        or SeedreamFamily.Seedream50Pro or SeedreamFamily.Seedream50Flash;

    /// <summary>Streams and makes groups (sequential_image_generation): 4.x and 5.0 lite/Flash, not 5.0 Pro.</summary>
    public bool Sequential => IsV4OrLater && Family != SeedreamFamily.Seedream50Pro;
}
