using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>What a <see cref="FakeImageProvider"/> answers: images, image failures, errors (as Ark says them).</summary>
internal static class Answer
{
    /// <summary>An image to fetch from <paramref name="url"/>; index -1: its position in the answer.</summary>
    public static GeneratedImage Url(string url, int index = -1) => new(index, url);

    /// <summary>An inline image as a <c>data:</c> URL of <paramref name="base64"/> (which may be broken on purpose).</summary>
    public static GeneratedImage Base64(string base64, int index = -1) => new(index, "data:image/png;base64," + base64);

    public static ImageFailure Failed(int index, ProviderErrorKind kind, string code, string message) =>
        new(index, new ProviderError(kind, ProviderDialect.Ark, code, message));

    public static ProviderException Error(ProviderErrorKind kind, string? code, string message, TimeSpan? retryAfter = null) =>
        new(new ProviderError(kind, ProviderDialect.Ark, code ?? "", message, null, retryAfter));
}
