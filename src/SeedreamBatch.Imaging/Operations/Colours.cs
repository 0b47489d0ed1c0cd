using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Converts recipe colours to libvips ink arrays.</summary>
internal static class Colours
{
    /// <summary>The colour as an ink for an sRGB image, opaque alpha appended when the image has alpha.</summary>
    internal static double[] Ink(RgbColour colour, bool withAlpha) =>
        withAlpha ? [colour.R, colour.G, colour.B, 255] : [colour.R, colour.G, colour.B];
}
