using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Decodes a source once for all its variants, at the smallest size every variant can be made from, with
/// <c>thumbnail_source</c>: JPEG shrinks during decode (DCT scaling), WebP/HEIF decode reduced. The result
/// is 8-bit sRGB in memory, so a broken file fails here, in one known place, and never inside an encoder.
/// </summary>
internal static class SourceDecoder
{
    /// <summary>Decodes <paramref name="source"/> (whose header is <paramref name="header"/>) for <paramref name="specs"/>.</summary>
    /// <returns>An image in memory, independent of <paramref name="source"/>.</returns>
    internal static Image Decode(Source source, Image header, IReadOnlyList<VariantSpec> specs)
    {
        (int width, int height) = UprightSize(header);
        double scale = Math.Min(1.0, specs.Max(s => ScaleNeeded(s, width, height)));
        int boxWidth = Math.Max(1, (int)Math.Ceiling(width * scale));
        int boxHeight = Math.Max(1, (int)Math.Ceiling(height * scale));

        // fail_on goes in the loader's option string: thumbnail's own failOn does not reach the JPEG loader (8.18
        // still decodes a truncated JPEG silently, grey rows and all, without it).
        using Image thumbnail = Image.ThumbnailSource(source, boxWidth, "fail_on=error", boxHeight, Enums.Size.Down, failOn: Enums.FailOn.Error);
        using Image srgb = new ToSrgbOperation().Apply(thumbnail);
        return srgb.CopyMemory();
    }

    /// <summary>The scale (of the upright source) a variant needs its input at to lose no detail.</summary>
    internal static double ScaleNeeded(VariantSpec spec, int width, int height)
    {
        double? sx = spec.Width is int w ? (double)w / width : null;
        double? sy = spec.Height is int h ? (double)h / height : null;
        return (sx, sy, spec.Fit) switch
        {
            (null, null, _) => 1.0,
            (double x, null, _) => x,
            (null, double y, _) => y,
            (double x, double y, VariantFit.Inside or VariantFit.Contain) => Math.Min(x, y),
            (double x, double y, _) => Math.Max(x, y),
        };
    }

    /// <summary>Size after EXIF auto-rotation (orientations 5–8 swap the sides), as thumbnail sees it.</summary>
    private static (int Width, int Height) UprightSize(Image header)
    {
        bool swapped = header.GetTypeOf("orientation") != IntPtr.Zero && header.Get("orientation") is int orientation && orientation is >= 5 and <= 8;
        return swapped ? (header.Height, header.Width) : (header.Width, header.Height);
    }
}
