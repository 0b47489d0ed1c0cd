namespace SeedreamBatch.Core.Variants;

/// <summary>Which part of the image <see cref="VariantFit.Cover"/> keeps (manifest: <c>crop</c>).</summary>
public enum VariantCrop
{
    /// <summary><c>centre</c> (default): keep the middle.</summary>
    Centre,

    /// <summary><c>attention</c>: keep the most salient region (skin tones, saturated colour, detail).</summary>
    Attention,
}
