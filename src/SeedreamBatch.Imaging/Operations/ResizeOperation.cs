using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Resizes the shared decode to a variant's box: <c>fit</c> (cover / inside / fill; contain is inside + <see cref="PadOperation"/>) and <c>crop</c>.</summary>
internal sealed class ResizeOperation(int? width, int? height, VariantFit fit, VariantCrop crop) : IImageOperation
{
    // thumbnail's "no limit" value for an unconstrained side, as vipsthumbnail uses.
    private const int Unbounded = 10_000_000;

    public Image Apply(Image image)
    {
        if (width is null && height is null)
        {
            return image.Copy();
        }

        return fit switch
        {
            VariantFit.Cover => image.ThumbnailImage(width ?? Unbounded, height ?? Unbounded,
                crop: crop == VariantCrop.Attention ? Enums.Interesting.Attention : Enums.Interesting.Centre),
            VariantFit.Fill => image.ThumbnailImage(width ?? Unbounded, height ?? Unbounded, Enums.Size.Force),
            _ => image.ThumbnailImage(width ?? Unbounded, height ?? Unbounded),
        };
    }
}
