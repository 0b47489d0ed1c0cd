namespace SeedreamBatch.Providers;

/// <summary>An image the provider made: a URL to download now (Ark's expire after 24 h) or its bytes (b64_json).</summary>
/// <param name="Index">
/// 0-based image of the job as the provider numbered it, so a failed image in between keeps its number and the files
/// after it keep theirs.
/// </param>
/// <param name="Url">http(s) or <c>data:</c> URL to fetch it from; null when <paramref name="Bytes"/> is set.</param>
/// <param name="Bytes">The decoded image when the provider returned base64.</param>
/// <param name="Size">The provider's <c>WxH</c>, when it says.</param>
public sealed record GeneratedImage(int Index, string? Url, byte[]? Bytes = null, string? Size = null) : ProviderOutput
{
    /// <summary>
    /// <see cref="FetchUrl"/> as it may be stored (state store, manifests): with any API key or credential the provider
    /// put in it masked. Null: the same as <see cref="FetchUrl"/>.
    /// </summary>
    public string? RedactedUrl { get; init; }

    /// <summary>What is stored for fetching the image again: <see cref="RedactedUrl"/>, else <see cref="FetchUrl"/>.</summary>
    public string? RecordedUrl => FetchUrl is null ? null : RedactedUrl ?? FetchUrl;

    /// <summary>The URL to fetch the image from (again, after a crash or unusable bytes); null for an inline image (bytes, <c>data:</c>).</summary>
    public string? FetchUrl => Url is { } url && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? url : null;
}
