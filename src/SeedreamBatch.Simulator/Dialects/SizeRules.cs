namespace SeedreamBatch.Simulator.Dialects;

/// <summary>Pixel-count, side and aspect limits for an explicit <c>WxH</c>; each dialect passes its documented numbers.</summary>
internal static class SizeRules
{
    public static PixelSize CheckArea(string param, PixelSize size, long minPixels, long maxPixels, int maxSide = int.MaxValue, double maxAspect = 16)
    {
        if (size.Pixels < minPixels || size.Pixels > maxPixels)
        {
            throw SimRequestException.Invalid(param, $"{size} has {size.Pixels} pixels; this model needs {minPixels}..{maxPixels}");
        }

        if (size.Width > maxSide || size.Height > maxSide)
        {
            throw SimRequestException.Invalid(param, $"{size} has a side above {maxSide}");
        }

        if (size.Aspect > maxAspect || size.Aspect < 1 / maxAspect)
        {
            throw SimRequestException.Invalid(param, $"{size} has an aspect ratio outside 1:{maxAspect}..{maxAspect}:1");
        }

        return size;
    }

    /// <summary>The square a resolution tier stands for (the real model picks the aspect from the prompt; the simulator draws 1:1).</summary>
    public static PixelSize? Preset(string text) => text.ToUpperInvariant() switch
    {
        "1K" => new PixelSize(1024, 1024),
        "1.5K" => new PixelSize(1536, 1536),
        "2K" => new PixelSize(2048, 2048),
        "3K" => new PixelSize(3072, 3072),
        "4K" => new PixelSize(4096, 4096),
        _ => null,
    };

    public static PixelSize ParseExact(string param, string text) =>
        PixelSize.TryParse(text, out var size) ? size : throw SimRequestException.Invalid(param, $"'{text}' is neither a supported preset nor WxH");
}
