namespace SeedreamBatch.Core.Variants;

/// <summary>Output file format of a variant (manifest: <c>format</c>).</summary>
public enum VariantFormat
{
    /// <summary><c>keep</c>: store the downloaded bytes untouched (no decode, no re-encode).</summary>
    Keep,

    /// <summary><c>jpeg</c>: alpha is flattened onto the background colour.</summary>
    Jpeg,

    /// <summary><c>png</c>: lossless; a quality turns on palette quantisation.</summary>
    Png,

    /// <summary><c>webp</c>.</summary>
    Webp,

    /// <summary><c>avif</c>: AV1 in HEIF.</summary>
    Avif,
}
