using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Blends alpha onto a background colour (JPEG has no alpha; libvips would otherwise drop it to black).</summary>
internal sealed class FlattenOperation(RgbColour background) : IImageOperation
{
    public Image Apply(Image image)
    {
        if (!image.HasAlpha())
        {
            return image.Copy();
        }

        using Image flat = image.Flatten(Colours.Ink(background, withAlpha: false));

        // flatten computes in float; back to 8 bits for the encoders and later composites.
        return flat.Cast(Enums.BandFormat.Uchar);
    }
}
