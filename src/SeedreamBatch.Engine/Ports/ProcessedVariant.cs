namespace SeedreamBatch.Engine.Ports;

/// <summary>A variant file the post-processor wrote, as the engine records it.</summary>
/// <param name="Variant">The recipe's variant name (<c>web</c>, <c>thumb</c>); never <c>original</c>.</param>
/// <param name="Path">Absolute path of the written file.</param>
/// <param name="Format"><c>jpeg</c>, <c>png</c>, <c>webp</c>, <c>avif</c>.</param>
/// <param name="Bytes">Size of the written file.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the written file (of the bytes written: no need to read the file back).</param>
public sealed record ProcessedVariant(string Variant, string Path, string Format, int Width, int Height, long Bytes, string Sha256);
