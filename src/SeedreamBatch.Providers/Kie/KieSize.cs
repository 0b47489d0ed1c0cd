using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Kie;

/// <summary>
/// KIE takes an aspect ratio name and a quality (<c>basic</c> = 2K, <c>high</c> = 4K) instead of pixels. The
/// capability check let through only sizes that are exactly one of those pairs, so this never guesses.
/// </summary>
internal static class KieSize
{
    public static (string AspectRatio, string Quality) Map(ImageSize size) => size.Kind switch
    {
        ImageSizeKind.Preset => ("1:1", Quality(size.Preset!)),
        ImageSizeKind.Aspect => (size.AspectRatio!, Quality(size.Preset!)),
        // A pixel size equal to a recommended size: 4K ones are twice the 2K width.
        ImageSizeKind.Pixels when size.AspectRatio is { } ratio =>
            (ratio, size.Width == ImageSize.Recommended2K[ratio].Width ? "basic" : "high"),
        _ => ("1:1", "basic"),
    };

    private static string Quality(string preset) => preset == "4K" ? "high" : "basic";
}
