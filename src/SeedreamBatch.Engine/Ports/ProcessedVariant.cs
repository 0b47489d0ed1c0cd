namespace SeedreamBatch.Engine.Ports;

/// <summary>A variant file the post-processor wrote; the engine hashes and records it.</summary>
/// <param name="Variant">The recipe's variant name (<c>web</c>, <c>thumb</c>); never <c>original</c>.</param>
/// <param name="Path">Absolute path of the written file.</param>
/// <param name="Format"><c>jpeg</c>, <c>png</c>, <c>webp</c>, <c>avif</c>.</param>
public sealed record ProcessedVariant(string Variant, string Path, string Format, int Width, int Height);
