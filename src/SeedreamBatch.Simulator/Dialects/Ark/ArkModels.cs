namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>Ark model ids, international and China (docs/provider-apis.md §1), plus configured aliases and endpoint ids.</summary>
internal static class ArkModels
{
    private static readonly Dictionary<string, SeedreamFamily> Known = new(StringComparer.Ordinal)
    {
        ["seedream-4-5-251128"] = SeedreamFamily.Seedream45,
        ["doubao-seedream-4-5-251128"] = SeedreamFamily.Seedream45,
        ["seedream-4-0-250828"] = SeedreamFamily.Seedream40,
        ["doubao-seedream-4-0-250828"] = SeedreamFamily.Seedream40,
        ["doubao-seedream-5-0-260128"] = SeedreamFamily.Seedream50Lite,
        ["doubao-seedream-3-0-t2i-250415"] = SeedreamFamily.Seedream30T2I,
        ["doubao-seededit-3-0-i2i-250628"] = SeedreamFamily.SeedEdit30,
    };

    public static ArkModel? Resolve(string id, SimulatorOptions options)
    {
        if (Known.TryGetValue(id, out var family))
        {
            return new ArkModel(id, family);
        }

        if (options.ArkModelAliases.TryGetValue(id, out var target) && Known.TryGetValue(target, out family))
        {
            return new ArkModel(id, family);
        }

        return options.ArkEndpoints.TryGetValue(id, out var served) && Known.TryGetValue(served, out family)
            ? new ArkModel(id, family)
            : null;
    }
}
