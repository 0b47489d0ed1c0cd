namespace SeedreamBatch.Engine.State;

/// <summary>One file a job produced: the downloaded original or a post-processed variant.</summary>
/// <param name="ImageIndex">0-based image of the job (multi-image jobs have several).</param>
/// <param name="Variant"><c>original</c> for the downloaded file, otherwise the manifest's variant name.</param>
/// <param name="Path">Path relative to the outputs folder, forward slashes.</param>
/// <param name="Format">File format: <c>jpeg</c>, <c>png</c>, <c>webp</c>, ...</param>
/// <param name="Width">Pixels wide; 0 when unknown.</param>
/// <param name="Height">Pixels high; 0 when unknown.</param>
/// <param name="Bytes">File size.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file; reruns compare it to decide whether the file is intact.</param>
public sealed record OutputRecord(int ImageIndex, string Variant, string Path, string Format, int Width, int Height, long Bytes, string Sha256)
{
    /// <summary>The variant name of the downloaded, unprocessed image (kept so a new recipe re-processes for free).</summary>
    public const string OriginalVariant = "original";

    /// <summary>
    /// The file's stat fingerprint when the engine wrote it: a rerun trusts an unchanged one instead of hashing the file.
    /// Null when unknown (recorded before schema 7): the file is hashed.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Download.FileStamp? Stamp { get; init; }
}
