using Microsoft.AspNetCore.Http;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Adapters;

/// <summary>The engine's calls (<see cref="PaidCalls"/>) over a real Ark provider talking to a loopback server.</summary>
public sealed class PaidCallsTests
{
    [Fact]
    public async Task CollectAsync_ArkAnswersTwoImagesAndOneRefusal_ResultKeepsEachImageNumberAndTheRefusal()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Map("/api/v3/images/generations", async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""
                {"model":"seedream-4-5-251128","created":1,
                 "data":[{"url":"https://cdn.example/0.png","size":"2048x2048"},
                         {"error":{"code":"OutputImageSensitiveContentDetected","message":"the image was blocked"}},
                         {"url":"https://cdn.example/2.png","size":"2048x2048"}],
                 "usage":{"generated_images":2,"output_tokens":1,"total_tokens":1}}
                """);
        });
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Ark) with { BaseUrl = server.BaseAddress.ToString().TrimEnd('/') };
        using var provider = ProviderFactory.Create(ProviderDialect.Ark, settings, "test-key", TimeProvider.System);
        var request = TestJobs.Create(0, images: 3).Request;

        var handle = await provider.SendAsync(request, "job-key", CancellationToken.None);
        var result = await provider.CollectAsync(handle, CancellationToken.None);

        Assert.Equal([(0, "https://cdn.example/0.png"), (2, "https://cdn.example/2.png")], result.Images.Select(i => (i.Index, i.Url)));
        Assert.Equal(2, result.BilledImages);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(
            (1, ProviderErrorKind.ContentPolicy, "OutputImageSensitiveContentDetected", "the image was blocked"),
            (failure.Index, failure.Error.Kind, failure.Error.ProviderCode, failure.Error.Message));
    }
}
