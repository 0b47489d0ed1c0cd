using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Normalises grey, 16-bit or CMYK decodes to 8-bit sRGB(A), so every later step (padding colours,
/// watermark composite, encoders) sees the same band layout.
/// </summary>
internal sealed class ToSrgbOperation : IImageOperation
{
    public VipsImage Apply(VipsImage image)
    {
        if (image.Interpretation == "srgb" && image.Bands is 3 or 4 && image.BandFormat == "uchar")
        {
            return image.Copy();
        }

        using VipsImage srgb = image.Call("colourspace", new VipsArguments { ["space"] = "srgb" });
        return srgb.BandFormat == "uchar" ? srgb.Copy() : srgb.Call("cast", new VipsArguments { ["format"] = "uchar" });
    }
}
