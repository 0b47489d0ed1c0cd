using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Blends alpha onto a background colour (JPEG has no alpha; libvips would otherwise drop it to black).</summary>
internal sealed class FlattenOperation : IImageOperation
{
    private readonly RgbColour _background;

    internal FlattenOperation(RgbColour background)
    {
        _background = background;
    }

    public VipsImage Apply(VipsImage image)
    {
        if (!image.HasAlpha)
        {
            return image.Copy();
        }

        using VipsImage flat = image.Flatten(Colours.Ink(_background, withAlpha: false));

        // flatten computes in float; back to 8 bits for the encoders and later composites.
        return flat.Call("cast", new VipsArguments { ["format"] = "uchar" });
    }
}
