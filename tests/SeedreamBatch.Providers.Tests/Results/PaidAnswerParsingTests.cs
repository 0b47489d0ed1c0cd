using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.Results;

/// <summary>A 2xx answer to a paid request was accepted and may be billed: when it cannot be read, nothing may resend it.</summary>
public sealed class PaidAnswerParsingTests
{
    [Fact]
    public async Task SubmitAsync_ArkSuccessNotJson_OutcomeUnknownSentOnce()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("<html>upstream hiccup</html>"));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.Equal("malformed_response", ex.Error.ProviderCode);
        Assert.False(ex.IsRetryable);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AwaitAsync_OneBase64ImageMalformed_OthersKeptFailureNotRetryable()
    {
        var good = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xD9]);
        var handler = new ScriptedHandler(ScriptedHandler.Json(
            """{"data":[{"b64_json":"GOOD"},{"b64_json":"%%% not base64 %%%"}],"usage":{"generated_images":2}}""".Replace("GOOD", good, StringComparison.Ordinal)));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, count: 2, options: new GenerationOptions { ResponseFormat = "b64_json" }));

        Assert.IsType<GeneratedImage>(outputs[0]);
        var failure = Assert.IsType<ImageFailure>(outputs[1]);
        Assert.Equal("malformed_image", failure.Error.ProviderCode);
        Assert.False(failure.Error.IsRetryable);
        Assert.Equal(2, Assert.IsType<BilledUsage>(outputs[^1]).Images);
    }

    [Fact]
    public async Task SubmitAsync_OnlyImageMalformed_OutcomeUnknown()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"data":[{"b64_json":"%%%"}],"usage":{"generated_images":1}}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45)));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(ProviderDialect.Kie, """{"code":200,"message":"success","data":{"status":"IN_PROGRESS"}}""")]
    [InlineData(ProviderDialect.Sinan, """{"status":"queued"}""")]
    [InlineData(ProviderDialect.AceData, """{"success":true,"trace_id":"t"}""")]
    public async Task SubmitAsync_CreatedWithoutTaskId_OutcomeUnknown(ProviderDialect dialect, string answer)
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(answer));
        using var provider = TestRequests.Create(TestRequests.Settings(dialect, dialect == ProviderDialect.Sinan ? "https://sinan.example.com" : null), handler);
        var request = dialect == ProviderDialect.Kie
            ? TestRequests.For(dialect, SeedreamModel.Seedream45, size: "1:1")
            : TestRequests.For(dialect, SeedreamModel.Seedream45);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(request, "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.Equal("malformed_response", ex.Error.ProviderCode);
        Assert.Single(handler.Requests);
    }
}
