namespace SeedreamBatch.Core.Models;

/// <summary>
/// An input image for edit mode: a URL the provider fetches, or a local file the adapter uploads
/// (as a <c>data:</c> URI where the dialect takes base64). Local files carry their content hash so
/// that changing the file changes the job key.
/// </summary>
/// <param name="Source">The URL, or the absolute path of the local file.</param>
/// <param name="IsLocalFile">True for a file on this machine.</param>
/// <param name="ContentSha256">Lower-case hex SHA-256 of a local file's bytes; null for URLs.</param>
public sealed record ReferenceImage(string Source, bool IsLocalFile, string? ContentSha256 = null)
{
    public static ReferenceImage Url(string url) => new(url, false);

    public static ReferenceImage LocalFile(string absolutePath, string sha256) => new(absolutePath, true, sha256);
}
