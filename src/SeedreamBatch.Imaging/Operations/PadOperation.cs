using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Centres the image on an exact canvas filled with a background colour (<c>fit: contain</c>).</summary>
internal sealed class PadOperation : IImageOperation
{
    private readonly int _width;
    private readonly int _height;
    private readonly RgbColour _background;

    internal PadOperation(int width, int height, RgbColour background)
    {
        _width = width;
        _height = height;
        _background = background;
    }

    public VipsImage Apply(VipsImage image)
    {
        if (image.Width == _width && image.Height == _height)
        {
            return image.Copy();
        }

        return image.Call("gravity", new VipsArguments
        {
            ["direction"] = "centre",
            ["width"] = _width,
            ["height"] = _height,
            ["extend"] = "background",
            ["background"] = Colours.Ink(_background, image.HasAlpha),
        });
    }
}
