namespace SeedreamBatch.Core.Variants;

/// <summary>How a variant fits the requested box (manifest: <c>fit</c>; the same words as sharp).</summary>
public enum VariantFit
{
    /// <summary><c>inside</c> (default): keep the aspect ratio, fit within width × height; only one side may be given.</summary>
    Inside,

    /// <summary><c>cover</c>: keep the aspect ratio, fill width × height exactly, cropping the overflow (see <see cref="VariantCrop"/>).</summary>
    Cover,

    /// <summary><c>contain</c>: keep the aspect ratio, fit within, then pad to exactly width × height with the background colour.</summary>
    Contain,

    /// <summary><c>fill</c>: stretch to exactly width × height, ignoring the aspect ratio.</summary>
    Fill,
}
