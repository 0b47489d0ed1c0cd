namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>An Ark model id and the generation it belongs to.</summary>
internal sealed record ArkModel(string Id, SeedreamFamily Family)
{
    public bool TakesSeed => Family is SeedreamFamily.Seedream30T2I or SeedreamFamily.SeedEdit30;

    public bool IsV4OrLater => Family is SeedreamFamily.Seedream45 or SeedreamFamily.Seedream40 or SeedreamFamily.Seedream50Lite;
}
