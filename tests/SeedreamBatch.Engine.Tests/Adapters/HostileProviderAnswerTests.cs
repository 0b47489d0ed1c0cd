using Microsoft.AspNetCore.Http;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Adapters;

/// <summary>A real Ark adapter against a loopback server that answers more, and other, than it should.</summary>
public sealed class HostileProviderAnswerTests
{
    private const string Key = "sk-test-key-0123456789";

    [Fact]
    public async Task SubmitAsync_TenThousandImagesForOne_KeepsOneAndCountsTheRestAsExcess()
    {
        await using var server = await LoopbackServer.StartAsync();
        var data = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"{{\"url\":\"https://cdn.example/{i}.png\",\"size\":\"2048x2048\"}}"));
        server.Map("/api/v3/images/generations", async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"model":"seedream-4-5-251128","created":1,"data":[{{data}}]}""");
        });
        using var provider = Provider(server);
        var request = TestJobs.Create(0, images: 1).Request;

        var handle = await provider.SendAsync(request, "job-key-0123456789", CancellationToken.None);
        var result = await provider.CollectAsync(handle, CancellationToken.None);

        Assert.Equal("https://cdn.example/0.png", Assert.Single(result.Images).Url);
        Assert.Equal(9_999, result.ExcessImages);
        Assert.Equal(10_000, result.BilledImages); // the provider may bill what it sent: never report less
    }

    [Fact]
    public async Task SubmitAsync_ResultUrlCarriesTheKey_RecordedUrlIsRedactedFetchUrlIsNot()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Map("/api/v3/images/generations", async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"model":"m","created":1,"data":[{"url":"https://user:pw@cdn.example/0.png?api_key={{Key}}&X-Amz-Signature=abc"}]}""");
        });
        using var provider = Provider(server);
        var request = TestJobs.Create(0, images: 1).Request;

        var handle = await provider.SendAsync(request, "job-key-0123456789", CancellationToken.None);
        var image = Assert.Single((await provider.CollectAsync(handle, CancellationToken.None)).Images);

        Assert.Equal("https://***@cdn.example/0.png?api_key=***&X-Amz-Signature=abc", image.RecordedUrl);
        Assert.Contains(Key, image.FetchUrl!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.example.com/?api_key=k", "a credential in its query string ('api_key')")]
    [InlineData("https://u:p@api.example.com/", "a user name or password (user:pass@)")]
    [InlineData("https://api.example.com/v1?region=eu", null)]
    public void UrlSecrets_Find_NamesWhatButNeverTheSecret(string url, string? expected) =>
        Assert.Equal(expected, UrlSecrets.Find(url));

    private static IImageProvider Provider(LoopbackServer server)
    {
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Ark) with { BaseUrl = server.BaseAddress.ToString().TrimEnd('/') };
        return ProviderFactory.Create(ProviderDialect.Ark, settings, Key, TimeProvider.System);
    }
}
