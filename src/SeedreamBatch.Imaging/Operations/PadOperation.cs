using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Centres the image on an exact canvas filled with a background colour (<c>fit: contain</c>).</summary>
internal sealed class PadOperation(int width, int height, RgbColour background) : IImageOperation
{
    public Image Apply(Image image)
    {
        if (image.Width == width && image.Height == height)
        {
            return image.Copy();
        }

        return image.Gravity(Enums.CompassDirection.Centre, width, height, Enums.Extend.Background, Colours.Ink(background, image.HasAlpha()));
    }
}
