namespace SeedreamBatch.Engine.Download;

/// <summary>A result image safely on disk under its final name.</summary>
/// <param name="Path">Absolute path; the extension follows the sniffed format.</param>
/// <param name="Format"><c>jpeg</c>, <c>png</c>, <c>webp</c>, <c>gif</c>, or <c>bin</c> when unrecognised.</param>
/// <param name="Width">Pixels wide from the file header; 0 when the header does not say.</param>
/// <param name="Height">Pixels high, likewise.</param>
public sealed record DownloadedFile(string Path, string Format, int Width, int Height, long Bytes, string Sha256);
