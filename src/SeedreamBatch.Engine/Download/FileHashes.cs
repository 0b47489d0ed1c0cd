using System.Security.Cryptography;

namespace SeedreamBatch.Engine.Download;

/// <summary>SHA-256 of files on disk, the test of "still intact" on rerun.</summary>
internal static class FileHashes
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>True when the file exists with exactly this hash.</summary>
    public static async Task<bool> IsIntactAsync(string path, string expectedSha256, CancellationToken cancellationToken) =>
        File.Exists(path) && string.Equals(await Sha256Async(path, cancellationToken).ConfigureAwait(false), expectedSha256, StringComparison.Ordinal);
}
