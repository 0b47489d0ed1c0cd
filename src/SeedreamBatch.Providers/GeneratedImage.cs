namespace SeedreamBatch.Providers;

/// <summary>An image the provider made: a URL to download now (Ark's expire after 24 h) or its bytes (b64_json).</summary>
/// <param name="Index">0-based position within the job.</param>
/// <param name="Url">Where to fetch it; null when <paramref name="Bytes"/> is set.</param>
/// <param name="Bytes">The decoded image when the provider returned base64.</param>
/// <param name="Size">The provider's <c>WxH</c>, when it says.</param>
public sealed record GeneratedImage(int Index, string? Url, byte[]? Bytes, string? Size) : ProviderOutput;
