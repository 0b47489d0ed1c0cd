using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.OpenAICompatible;

public sealed class OpenAICompatibleProviderTests
{
    // The response example of the gateway's page (seed 002).
    private const string ExampleResponse = """{"created":1778688000,"data":[{"url":"https://example.com/generated-1.png"}]}""";

    [Fact]
    public async Task SubmitAsync_TextToImage_SendsNAndCustomSize()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.OpenAICompatible), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45, size: "16:9", count: 2));

        var sent = handler.Requests.Single();
        Assert.Equal("https://gateway.example.com/v1/images/generations", sent.Uri.ToString());
        Assert.Equal("seedream-4.5", (string?)sent.Json["model"]);
        Assert.Equal(2, (int)sent.Json["n"]!);
        // The current recommended 2K size for 16:9 (docs/provider-apis.md §1), not the older 2560x1440.
        Assert.Equal(2848, (int)sent.Json["custom_size"]!["width"]!);
        Assert.Equal(1600, (int)sent.Json["custom_size"]!["height"]!);
        Assert.False(sent.Json.ContainsKey("watermark"));
        Assert.Equal("https://example.com/generated-1.png", Assert.IsType<GeneratedImage>(outputs[0]).Url);
        Assert.Equal(new BilledUsage(1, 0.04m, false), outputs[1]);
    }

    [Fact]
    public async Task SubmitAsync_EditWithTwoUrls_UsesEditsEndpointAndImageUrls()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.OpenAICompatible, "https://gw.example.com/proxy"), handler);

        await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45, size: "2560x1440", count: 3,
            references: [ReferenceImage.Url("https://example.com/product.png"), ReferenceImage.Url("https://example.com/background.png")]));

        var sent = handler.Requests.Single();
        Assert.Equal("https://gw.example.com/proxy/v1/images/edits", sent.Uri.ToString());
        Assert.Equal(["https://example.com/product.png", "https://example.com/background.png"], sent.Json["image_urls"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task SubmitAsync_LocalReference_RefusedWithClearMessageAndNothingSent()
    {
        var handler = new ScriptedHandler();
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.OpenAICompatible), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(
            TestRequests.For(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream40, references: [ReferenceImage.LocalFile("/data/shoe.png", new string('a', 64))]),
            "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Error.Kind);
        Assert.Contains("URLs only", ex.Message, StringComparison.Ordinal);
        Assert.Contains("shoe.png", ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_InsufficientQuotaAs429_NotRetried()
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json("""{"error":{"code":"insufficient_quota","message":"You exceeded your current quota","type":"insufficient_quota"}}""", System.Net.HttpStatusCode.TooManyRequests));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.OpenAICompatible), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.OpenAICompatible, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.AccountProblem, ex.Error.Kind);
        Assert.Single(handler.Requests);
    }
}
