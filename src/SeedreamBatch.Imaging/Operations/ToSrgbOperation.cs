using NetVips;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Normalises grey, 16-bit or CMYK decodes to 8-bit sRGB(A), so every later step (padding colours,
/// watermark composite, encoders) sees the same band layout.
/// </summary>
internal sealed class ToSrgbOperation : IImageOperation
{
    public Image Apply(Image image)
    {
        if (image.Interpretation == Enums.Interpretation.Srgb && image.Bands is 3 or 4 && image.Format == Enums.BandFormat.Uchar)
        {
            return image.Copy();
        }

        using Image srgb = image.Colourspace(Enums.Interpretation.Srgb);
        return srgb.Format == Enums.BandFormat.Uchar ? srgb.Copy() : srgb.Cast(Enums.BandFormat.Uchar);
    }
}
