namespace SeedreamBatch.Imaging;

/// <summary>An encoded variant in memory (before it is written).</summary>
/// <param name="Name">Variant name.</param>
/// <param name="Format">jpeg, png, webp or avif (or the source format for <c>keep</c>).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Data">The file's bytes.</param>
public sealed record RenderedVariant(string Name, string Format, int Width, int Height, ReadOnlyMemory<byte> Data);
