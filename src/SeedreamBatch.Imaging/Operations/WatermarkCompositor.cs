using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Placement and compositing shared by the image and text watermarks.</summary>
internal static class WatermarkCompositor
{
    /// <summary>Top-left corner of a <paramref name="markWidth"/> × <paramref name="markHeight"/> mark for a gravity and margin.</summary>
    internal static (int X, int Y) Place(int width, int height, int markWidth, int markHeight, WatermarkGravity gravity, int margin)
    {
        int x = gravity switch
        {
            WatermarkGravity.West or WatermarkGravity.NorthWest or WatermarkGravity.SouthWest => margin,
            WatermarkGravity.East or WatermarkGravity.NorthEast or WatermarkGravity.SouthEast => width - markWidth - margin,
            _ => (width - markWidth) / 2,
        };
        int y = gravity switch
        {
            WatermarkGravity.North or WatermarkGravity.NorthWest or WatermarkGravity.NorthEast => margin,
            WatermarkGravity.South or WatermarkGravity.SouthWest or WatermarkGravity.SouthEast => height - markHeight - margin,
            _ => (height - markHeight) / 2,
        };
        return (x, y);
    }

    /// <summary>Width of the mark for an image: <c>scale</c> × image width, at least one pixel.</summary>
    internal static int MarkWidth(int imageWidth, double scale) => Math.Max(1, (int)Math.Round(imageWidth * scale));

    /// <summary>Composites an 8-bit sRGBA mark; the result keeps the base's band count (no alpha gained).</summary>
    internal static Image Composite(Image image, Image mark, WatermarkSpec spec)
    {
        (int x, int y) = Place(image.Width, image.Height, mark.Width, mark.Height, spec.Gravity, spec.Margin);
        using Image composed = image.Composite2(mark, Enums.BlendMode.Over, x, y);
        if (image.HasAlpha())
        {
            return composed.Cast(Enums.BandFormat.Uchar);
        }

        // composite2 always adds alpha; an opaque photo must not grow a fourth band (bigger files, no JPEG).
        using Image rgb = composed.ExtractBand(0, image.Bands);
        return rgb.Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>Multiplies the alpha band of an sRGBA mark by <paramref name="opacity"/>.</summary>
    internal static Image WithOpacity(Image rgba, double opacity)
    {
        if (opacity >= 1)
        {
            return rgba.Copy();
        }

        return rgba.Linear([1.0, 1.0, 1.0, opacity], [0.0, 0.0, 0.0, 0.0], uchar: true);
    }
}
