namespace SeedreamBatch.Engine.Download;

/// <summary>A result image could not be fetched. <see cref="IsRetryable"/> is false for answers that will not change (403/404: the URL expired; over the size cap).</summary>
public sealed class DownloadFailedException(string code, string message, bool isRetryable, Exception? inner = null) : Exception(message, inner)
{
    public DownloadFailedException()
        : this("download_failed", "download failed", isRetryable: true)
    {
    }

    public DownloadFailedException(string message)
        : this("download_failed", message, isRetryable: true)
    {
    }

    public DownloadFailedException(string message, Exception inner)
        : this("download_failed", message, isRetryable: true, inner)
    {
    }

    /// <summary><c>http_404</c>, <c>too_large</c>, <c>truncated</c>, <c>timeout</c>, <c>bad_base64</c>, ...</summary>
    public string Code { get; } = code;

    public bool IsRetryable { get; } = isRetryable;
}
