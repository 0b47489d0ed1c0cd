namespace SeedreamBatch.Imaging;

/// <summary>One written variant file, as the manifest rows record it.</summary>
/// <param name="Name">Variant name.</param>
/// <param name="Path">Final path.</param>
/// <param name="Format">jpeg, png, webp or avif (or the source format for <c>keep</c>).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
public sealed record VariantResult(string Name, string Path, string Format, int Width, int Height, long Bytes, string Sha256);
