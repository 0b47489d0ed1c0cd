namespace SeedreamBatch.Providers.AceData;

/// <summary>
/// Ace Data's pages show both full ids (<c>doubao-seedream-4-5-251128</c>) and short names
/// (<c>doubao-seedream-4.5</c>). Both are accepted from a manifest; the full, dated id is always sent, since it is
/// the one the official example uses and it pins the model version a job key was made for.
/// </summary>
internal static class AceDataModelIds
{
    private static readonly Dictionary<string, string> ShortToFull = new(StringComparer.OrdinalIgnoreCase)
    {
        ["doubao-seedream-4.5"] = "doubao-seedream-4-5-251128",
        ["doubao-seedream-4.0"] = "doubao-seedream-4-0-250828",
        ["doubao-seedream-3.0-t2i"] = "doubao-seedream-3-0-t2i-250415",
        // The seed text also spells the 3.0 text-to-image model "seededit-3.0-t2i".
        ["doubao-seededit-3.0-t2i"] = "doubao-seedream-3-0-t2i-250415",
        ["doubao-seededit-3.0-i2i"] = "doubao-seededit-3-0-i2i-250628",
    };

    public static string Full(string id) => ShortToFull.GetValueOrDefault(id.Trim(), id);
}
