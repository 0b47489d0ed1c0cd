namespace SeedreamBatch.Providers.Results;

/// <summary>One entry of a provider's image list, before it becomes a <see cref="ProviderOutput"/>.</summary>
internal sealed record WireImage(string? Url, string? Base64, string? Size, string? ErrorCode = null, string? ErrorMessage = null)
{
    public bool Failed => ErrorCode is not null || ErrorMessage is not null;
}
