namespace SeedreamBatch.Simulator.Dialects.AceData;

/// <summary>Ace Data model names: the full Ark ids and the short names its docs also use. Absent means 4.0.</summary>
internal static class AceDataModels
{
    public const string Default = "doubao-seedream-4.0";

    private static readonly Dictionary<string, (string FullId, SeedreamFamily Family)> Known = new(StringComparer.Ordinal)
    {
        ["doubao-seedream-4-5-251128"] = ("doubao-seedream-4-5-251128", SeedreamFamily.Seedream45),
        ["doubao-seedream-4.5"] = ("doubao-seedream-4-5-251128", SeedreamFamily.Seedream45),
        ["doubao-seedream-4-0-250828"] = ("doubao-seedream-4-0-250828", SeedreamFamily.Seedream40),
        ["doubao-seedream-4.0"] = ("doubao-seedream-4-0-250828", SeedreamFamily.Seedream40),
        ["doubao-seedream-3-0-t2i-250415"] = ("doubao-seedream-3-0-t2i-250415", SeedreamFamily.Seedream30T2I),
        ["doubao-seedream-3.0-t2i"] = ("doubao-seedream-3-0-t2i-250415", SeedreamFamily.Seedream30T2I),
        ["doubao-seededit-3-0-i2i-250628"] = ("doubao-seededit-3-0-i2i-250628", SeedreamFamily.SeedEdit30),
        ["doubao-seededit-3.0-i2i"] = ("doubao-seededit-3-0-i2i-250628", SeedreamFamily.SeedEdit30),
    };

    public static (string FullId, SeedreamFamily Family)? Resolve(string name) => Known.TryGetValue(name, out var m) ? m : null;
}
