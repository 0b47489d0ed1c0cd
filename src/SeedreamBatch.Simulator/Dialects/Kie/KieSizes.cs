namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>KIE's <c>aspect_ratio</c> × <c>quality</c> (basic = 2K, high = 4K) to pixels, using Ark's recommended 2K sizes.</summary>
internal static class KieSizes
{
    private static readonly Dictionary<string, PixelSize> TwoK = new(StringComparer.Ordinal)
    {
        ["1:1"] = new(2048, 2048),
        ["4:3"] = new(2304, 1728),
        ["3:4"] = new(1728, 2304),
        ["16:9"] = new(2560, 1440),
        ["9:16"] = new(1440, 2560),
        ["3:2"] = new(2496, 1664),
        ["2:3"] = new(1664, 2496),
        ["21:9"] = new(3024, 1296),
    };

    public static PixelSize Resolve(string? aspect, string? quality)
    {
        aspect ??= "1:1";
        quality ??= "basic";
        if (!TwoK.TryGetValue(aspect, out var size))
        {
            throw SimRequestException.Invalid("aspect_ratio", "must be one of 1:1, 4:3, 3:4, 16:9, 9:16, 2:3, 3:2, 21:9");
        }

        return quality switch
        {
            "basic" => size,
            "high" => new PixelSize(size.Width * 2, size.Height * 2),
            _ => throw SimRequestException.Invalid("quality", "must be basic or high"),
        };
    }
}
