namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>
/// Ark model ids per region (docs/provider-apis.md §1), plus configured aliases and endpoint ids. The international
/// host (BytePlus) knows ids without <c>doubao-</c>, the China host (Volcengine) with it: the other region's id is a
/// 404 <c>InvalidEndpointOrModel.NotFound</c>, as upstream.
/// </summary>
internal static class ArkModels
{
    private static readonly Dictionary<string, SeedreamFamily> International = new(StringComparer.Ordinal)
    {
        ["seedream-4-5-251128"] = SeedreamFamily.Seedream45,
        ["seedream-4-0-250828"] = SeedreamFamily.Seedream40,
        ["seedream-5-0-260128"] = SeedreamFamily.Seedream50Lite,
        ["seedream-3-0-t2i-250415"] = SeedreamFamily.Seedream30T2I,
        ["seededit-3-0-i2i-250628"] = SeedreamFamily.SeedEdit30,
        ["dola-seedream-5-0-pro-260628"] = SeedreamFamily.Seedream50Pro,
        ["seedream-5-0-flash-260915"] = SeedreamFamily.Seedream50Flash,
    };

    private static readonly Dictionary<string, SeedreamFamily> China = new(StringComparer.Ordinal)
    {
        ["doubao-seedream-4-5-251128"] = SeedreamFamily.Seedream45,
        ["doubao-seedream-4-0-250828"] = SeedreamFamily.Seedream40,
        ["doubao-seedream-5-0-260128"] = SeedreamFamily.Seedream50Lite,
        ["doubao-seedream-3-0-t2i-250415"] = SeedreamFamily.Seedream30T2I,
        ["doubao-seededit-3-0-i2i-250628"] = SeedreamFamily.SeedEdit30,
        // No China ids are published for 5.0 Pro and Flash; the simulator knows none (strict).
    };

    public static ArkModel? Resolve(string id, SimulatorOptions options)
    {
        var known = options.ArkChinaRegion ? China : International;
        if (known.TryGetValue(id, out var family))
        {
            return new ArkModel(id, family);
        }

        if (options.ArkModelAliases.TryGetValue(id, out var target) && known.TryGetValue(target, out family))
        {
            return new ArkModel(id, family);
        }

        // An endpoint id (ep-…) serves one model in either region.
        return options.ArkEndpoints.TryGetValue(id, out var served) && (International.TryGetValue(served, out family) || China.TryGetValue(served, out family))
            ? new ArkModel(id, family)
            : null;
    }
}
