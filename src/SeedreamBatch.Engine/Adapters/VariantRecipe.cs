using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Engine.Adapters;

/// <summary>
/// One variant of the manifest as the imaging library takes it. The manifest gives the watermark margin as a
/// fraction of the image width (so one recipe looks alike on a thumbnail and a web image) while
/// <see cref="WatermarkSpec.Margin"/> is in pixels: it is resolved per image, from the output width.
/// </summary>
/// <param name="Spec">The recipe; its watermark margin is a placeholder until <see cref="For"/>.</param>
/// <param name="WatermarkMarginFraction">outputs.watermark.margin, a fraction of the output width.</param>
public sealed record VariantRecipe(VariantSpec Spec, double WatermarkMarginFraction)
{
    /// <summary>The spec for a source of <paramref name="sourceWidth"/> × <paramref name="sourceHeight"/>.</summary>
    public VariantSpec For(int sourceWidth, int sourceHeight)
    {
        if (Spec.Watermark is not { } watermark)
        {
            return Spec;
        }

        var outputWidth = Spec.Width
            ?? (Spec.Height is { } h && sourceHeight > 0 ? (int)Math.Round((double)sourceWidth * h / sourceHeight) : sourceWidth);
        var margin = (int)Math.Round(WatermarkMarginFraction * Math.Max(1, outputWidth));
        return Spec with { Watermark = watermark with { Margin = margin } };
    }
}
