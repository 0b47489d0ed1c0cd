namespace SeedreamBatch.Engine.Ports;

/// <summary>One image of an answer: a URL to fetch at once (they expire), a <c>data:</c> URI, or base64 bytes.</summary>
/// <param name="Url">http(s) or <c>data:</c> URL; null when <paramref name="Base64"/> carries the bytes.</param>
/// <param name="Base64">The image as base64 (<c>b64_json</c>); decoded without any download.</param>
/// <param name="Index">
/// 0-based image of the job as the provider numbered it, so a failed image in between keeps its number and the
/// files after it keep theirs; null: the image's position in the answer.
/// </param>
public sealed record GeneratedImage(string? Url, string? Base64 = null, int? Index = null)
{
    public static GeneratedImage FromUrl(string url) => new(url);

    public static GeneratedImage FromBase64(string base64) => new(null, base64);

    /// <summary>
    /// <see cref="FetchUrl"/> as it may be stored (state store, manifests): with any API key or credential the
    /// provider put in it masked. Null: the same as <see cref="FetchUrl"/>.
    /// </summary>
    public string? RedactedUrl { get; init; }

    /// <summary>What is stored for fetching the image again: <see cref="RedactedUrl"/>, else <see cref="FetchUrl"/>.</summary>
    public string? RecordedUrl => FetchUrl is null ? null : RedactedUrl ?? FetchUrl;

    /// <summary>The URL to fetch the image from (again, after a crash or unusable bytes); null for an inline image (base64, <c>data:</c>).</summary>
    public string? FetchUrl => Url is { } url && !url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? url : null;
}
