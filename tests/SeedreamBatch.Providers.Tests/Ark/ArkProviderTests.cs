using System.Net;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.Ark;

public sealed class ArkProviderTests
{
    // The response example from ModelArk's documentation (docs/provider-apis.md §1).
    private const string ExampleResponse = """
        {"model":"seedream-4-5-251128","created":1757323224,
         "data":[{"url":"https://ark-content.example.com/a.jpeg","size":"2048x2048"}],
         "usage":{"generated_images":1,"output_tokens":16384,"total_tokens":16384}}
        """;

    [Fact]
    public async Task SubmitAsync_TextToImage_SendsArkFieldsAndReportedUsage()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45));

        var sent = handler.Requests.Single();
        Assert.Equal("https://ark.ap-southeast.bytepluses.com/api/v3/images/generations", sent.Uri.ToString());
        Assert.Equal("Bearer " + TestRequests.ApiKey, sent.Headers["Authorization"]);
        Assert.Equal(TestRequests.JobKey, sent.Headers["X-Seedream-Job"]);
        var body = sent.Json;
        Assert.Equal("seedream-4-5-251128", (string?)body["model"]);
        Assert.Equal("2048x2048", (string?)body["size"]);
        Assert.False((bool)body["watermark"]!);
        Assert.False(body.ContainsKey("seed"));
        Assert.False(body.ContainsKey("sequential_image_generation"));
        var image = Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Equal("https://ark-content.example.com/a.jpeg", image.Url);
        Assert.Equal("2048x2048", image.Size);
        var usage = Assert.IsType<BilledUsage>(outputs[^1]);
        Assert.Equal(new BilledUsage(1, 0.04m, ReportedByProvider: true), usage);
    }

    [Fact]
    public async Task SubmitAsync_ChinaRegionHost_UsesChinaModelId()
    {
        var settings = TestRequests.Settings(ProviderDialect.Ark, ProviderSettings.ArkChinaBaseUrl);
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(settings, handler);

        await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, china: settings.IsChinaRegion));

        Assert.Equal("doubao-seedream-4-5-251128", (string?)handler.Requests.Single().Json["model"]);
    }

    [Fact]
    public async Task SubmitAsync_AllOptions_MapsEveryField()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
        var options = new GenerationOptions { Watermark = true, ResponseFormat = "url", OptimizePromptMode = "standard" };

        await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, size: "4K", count: 4, options: options,
            references: [ReferenceImage.Url("https://example.com/a.png"), ReferenceImage.Url("https://example.com/b.png")]));

        var body = handler.Requests.Single().Json;
        Assert.Equal("4K", (string?)body["size"]);
        Assert.Equal("auto", (string?)body["sequential_image_generation"]);
        Assert.Equal(4, (int)body["sequential_image_generation_options"]!["max_images"]!);
        Assert.Equal(2, body["image"]!.AsArray().Count);
        Assert.True((bool)body["watermark"]!);
        Assert.Equal("url", (string?)body["response_format"]);
        Assert.Equal("standard", (string?)body["optimize_prompt_options"]!["mode"]);
    }

    [Fact]
    public async Task SubmitAsync_SeedAndGuidanceOn30_AreSentAspectRatioAsPixels()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream30T2I, size: "1024x1024", seed: 42,
            options: new GenerationOptions { GuidanceScale = 2.5 }));

        var body = handler.Requests.Single().Json;
        Assert.Equal(42, (int)body["seed"]!);
        Assert.Equal(2.5, (double)body["guidance_scale"]!);
        Assert.Equal("seedream-3-0-t2i-250415", (string?)body["model"]);
    }

    // BytePlus (international) takes ids without doubao- for every model; a China id there is a 404 (§1 "Model ids").
    [Theory]
    [InlineData(SeedreamModel.Seedream50Lite, "2K", "seedream-5-0-260128", "doubao-seedream-5-0-260128")]
    [InlineData(SeedreamModel.Seedream30T2I, "1024x1024", "seedream-3-0-t2i-250415", "doubao-seedream-3-0-t2i-250415")]
    [InlineData(SeedreamModel.SeedEdit30, "adaptive", "seededit-3-0-i2i-250628", "doubao-seededit-3-0-i2i-250628")]
    [InlineData(SeedreamModel.Seedream45, "2K", "seedream-4-5-251128", "doubao-seedream-4-5-251128")]
    public async Task SubmitAsync_EachRegion_SendsThatRegionsModelId(SeedreamModel model, string size, string international, string china)
    {
        IReadOnlyList<ReferenceImage>? refs = model == SeedreamModel.SeedEdit30 ? [ReferenceImage.Url("https://example.com/a.png")] : null;
        var sent = new List<string?>();
        foreach (var baseUrl in new[] { ProviderSettings.ArkDefaultBaseUrl, ProviderSettings.ArkChinaBaseUrl })
        {
            var settings = TestRequests.Settings(ProviderDialect.Ark, baseUrl);
            var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
            using var provider = TestRequests.Create(settings, handler);
            await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, model, size: size, references: refs, china: settings.IsChinaRegion));
            sent.Add((string?)handler.Requests.Single().Json["model"]);
        }

        Assert.Equal([international, china], sent);
    }

    [Fact]
    public async Task SubmitAsync_SeedEditLocalFile_SendsDataUriAndAdaptive()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ref-{Guid.NewGuid():N}.png");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        await File.WriteAllBytesAsync(path, png);
        try
        {
            var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
            using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png));

            await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.SeedEdit30, size: "adaptive",
                references: [ReferenceImage.LocalFile(path, sha)]));

            var body = handler.Requests.Single().Json;
            Assert.Equal("data:image/png;base64," + Convert.ToBase64String(png), (string?)body["image"]);
            Assert.Equal("adaptive", (string?)body["size"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SubmitAsync_LocalFileChangedSincePlanning_RefusedBeforeSending()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ref-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, [0xFF, 0xD8, 0xFF, 0]);
        try
        {
            var handler = new ScriptedHandler();
            using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(
                TestRequests.For(ProviderDialect.Ark, SeedreamModel.SeedEdit30, size: "adaptive", references: [ReferenceImage.LocalFile(path, new string('0', 64))]),
                TestRequests.JobKey, CancellationToken.None));

            Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Error.Kind);
            Assert.Equal("reference_changed", ex.Error.ProviderCode);
            Assert.Empty(handler.Requests);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AwaitAsync_Base64Answer_DecodesBytes()
    {
        var bytes = new byte[] { 0xFF, 0xD8, 0xFF, 0xD9 };
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"data":[{"b64_json":"B64","size":"2048x2048"}],"usage":{"generated_images":1}}""".Replace("B64", Convert.ToBase64String(bytes), StringComparison.Ordinal)));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, options: new GenerationOptions { ResponseFormat = "b64_json" }));

        var image = Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Null(image.Url);
        Assert.Equal(bytes, image.Bytes);
        Assert.Equal("b64_json", (string?)handler.Requests.Single().Json["response_format"]);
    }

    [Fact]
    public async Task AwaitAsync_OneImageOfBatchFailed_IsPartialFailureAndBillsSuccessesOnly()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"data":[{"url":"https://x.example/0.jpeg","size":"2048x2048"},
                     {"error":{"code":"OutputImageSensitiveContentDetected","message":"The output image may contain sensitive information."}}],
             "usage":{"generated_images":1}}
            """));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, count: 2));

        Assert.IsType<GeneratedImage>(outputs[0]);
        var failure = Assert.IsType<ImageFailure>(outputs[1]);
        Assert.Equal(1, failure.Index);
        Assert.Equal(ProviderErrorKind.PartialFailure, failure.Error.Kind);
        Assert.Equal("OutputImageSensitiveContentDetected", failure.Error.ProviderCode);
        Assert.Equal(1, Assert.IsType<BilledUsage>(outputs[^1]).Images);
    }

    [Fact]
    public async Task AwaitAsync_EveryImageFailed_ThrowsContentPolicy()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"data":[{"error":{"code":"OutputImageSensitiveContentDetected","message":"blocked"}}],"usage":{"generated_images":0}}
            """));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45)));

        Assert.Equal(ProviderErrorKind.ContentPolicy, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
    }

    [Fact]
    public async Task AwaitAsync_Stream_HandsOnEachImageAsItsEventArrives()
    {
        var events = new StreamingContent();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = events });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
        var request = TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, count: 3, options: new GenerationOptions { Stream = true });

        var handle = await provider.SubmitAsync(request, TestRequests.JobKey, CancellationToken.None);
        await using var outputs = provider.AwaitAsync(handle, CancellationToken.None).GetAsyncEnumerator();
        Assert.True((bool)handler.Requests.Single().Json["stream"]!);

        events.Write("event: image_generation.partial_succeeded\ndata: {\"type\":\"image_generation.partial_succeeded\",\"image_index\":0,\"url\":\"https://x.example/0.jpeg\",\"size\":\"2048x2048\"}\n\n");
        Assert.True(await outputs.MoveNextAsync());
        Assert.Equal("https://x.example/0.jpeg", Assert.IsType<GeneratedImage>(outputs.Current).Url);

        events.Write("event: image_generation.partial_failed\ndata: {\"type\":\"image_generation.partial_failed\",\"image_index\":1,\"error\":{\"code\":\"OutputImageSensitiveContentDetected\",\"message\":\"blocked\"}}\n\n");
        Assert.True(await outputs.MoveNextAsync());
        Assert.Equal(1, Assert.IsType<ImageFailure>(outputs.Current).Index);

        events.Write("data: {\"type\":\"image_generation.partial_succeeded\",\"image_index\":2,\"url\":\"https://x.example/2.jpeg\"}\n\n");
        events.Write("event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"usage\":{\"generated_images\":2}}\n\ndata: [DONE]\n\n");
        events.Complete();
        Assert.True(await outputs.MoveNextAsync());
        Assert.Equal(2, Assert.IsType<GeneratedImage>(outputs.Current).Index);
        Assert.True(await outputs.MoveNextAsync());
        Assert.Equal(new BilledUsage(2, 0.08m, true), outputs.Current);
        Assert.False(await outputs.MoveNextAsync());
    }

    [Fact]
    public async Task AwaitAsync_StreamBreaksAfterAnImage_KeepsImageAndReportsFailure()
    {
        var events = new StreamingContent();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = events });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
        var handle = await provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, count: 2, options: new GenerationOptions { Stream = true }), TestRequests.JobKey, CancellationToken.None);

        await using var outputs = provider.AwaitAsync(handle, CancellationToken.None).GetAsyncEnumerator();
        events.Write("data: {\"type\":\"image_generation.partial_succeeded\",\"image_index\":0,\"url\":\"https://x.example/0.jpeg\"}\n\n");
        Assert.True(await outputs.MoveNextAsync());
        Assert.IsType<GeneratedImage>(outputs.Current);

        events.Fail(new IOException("connection reset by peer"));
        Assert.True(await outputs.MoveNextAsync());
        var failure = Assert.IsType<ImageFailure>(outputs.Current);
        Assert.Equal("stream_broken", failure.Error.ProviderCode);
        // Ark keeps generating the rest and bills it: unknown, never a retry.
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, failure.Error.Kind);
        Assert.False(failure.Error.IsRetryable);
        Assert.True(await outputs.MoveNextAsync());
        Assert.Equal(new BilledUsage(1, 0.04m, false), outputs.Current);
    }

    public static TheoryData<string, string> StreamFaultsAfterAnImage => new()
    {
        { "data: not json at all\n\n", "malformed_event" },
        { "", "stream_ended" },
    };

    [Theory]
    [MemberData(nameof(StreamFaultsAfterAnImage))]
    public async Task AwaitAsync_StreamMalformedOrClosedEarly_KeepsImageRestIsOutcomeUnknown(string tail, string code)
    {
        var events = new StreamingContent();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = events });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
        var handle = await provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, count: 3, options: new GenerationOptions { Stream = true }), TestRequests.JobKey, CancellationToken.None);

        events.Write("data: {\"type\":\"image_generation.partial_succeeded\",\"image_index\":0,\"url\":\"https://x.example/0.jpeg\"}\n\n" + tail);
        events.Complete();
        var outputs = await TestRequests.DrainAsync(provider, handle);

        Assert.IsType<GeneratedImage>(outputs[0]);
        var failure = Assert.IsType<ImageFailure>(outputs[1]);
        Assert.Equal(code, failure.Error.ProviderCode);
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, failure.Error.Kind);
        Assert.IsType<BilledUsage>(outputs[2]);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("\n")]
    [InlineData("")]
    public async Task AwaitAsync_SingleImageStreamEndsWithoutCompleted_IsASuccess(string end)
    {
        // ark-cli image-stream notes: a single-image stream may end without completed/[DONE] once its image came.
        var events = new StreamingContent();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = events });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
        var handle = await provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, options: new GenerationOptions { Stream = true }), TestRequests.JobKey, CancellationToken.None);

        events.Write("event: image_generation.partial_succeeded\ndata: {\"type\":\"image_generation.partial_succeeded\",\"image_index\":0,\"url\":\"https://x.example/0.jpeg\"}" + end);
        events.Complete();
        var outputs = await TestRequests.DrainAsync(provider, handle);

        // The last event counts even when the connection closes before its blank line.
        Assert.Equal("https://x.example/0.jpeg", Assert.IsType<GeneratedImage>(outputs[0]).Url);
        Assert.Equal(new BilledUsage(1, 0.04m, false), Assert.IsType<BilledUsage>(Assert.Single(outputs.Skip(1))));
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("application/json")]
    public async Task AwaitAsync_StreamRequestAnsweredWithOneJsonBody_ReadFromTheBodyNotTheContentType(string contentType)
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("\n " + ExampleResponse, System.Text.Encoding.UTF8, contentType),
        });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, options: new GenerationOptions { Stream = true }));

        Assert.Equal("https://ark-content.example.com/a.jpeg", Assert.IsType<GeneratedImage>(outputs[0]).Url);
        Assert.Equal(new BilledUsage(1, 0.04m, ReportedByProvider: true), outputs[^1]);
    }

    [Fact]
    public async Task SubmitAsync_EventsUnderJsonContentType_ReadAsAStream()
    {
        var sse = "event: image_generation.partial_succeeded\ndata: {\"type\":\"image_generation.partial_succeeded\",\"image_index\":0,\"url\":\"https://x.example/0.jpeg\"}\n\n"
            + "event: image_generation.completed\ndata: {\"type\":\"image_generation.completed\",\"usage\":{\"generated_images\":1}}\n\ndata: [DONE]\n\n";
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(sse, System.Text.Encoding.UTF8, "application/json") });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45));

        Assert.Equal("https://x.example/0.jpeg", Assert.IsType<GeneratedImage>(outputs[0]).Url);
        Assert.Equal(new BilledUsage(1, 0.04m, true), outputs[^1]);
    }

    [Fact]
    public async Task AwaitAsync_StreamBreaksBeforeAnyImage_ThrowsOutcomeUnknown()
    {
        var events = new StreamingContent();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = events });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);
        var handle = await provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, count: 2, options: new GenerationOptions { Stream = true }), TestRequests.JobKey, CancellationToken.None);

        events.Fail(new IOException("connection reset by peer"));
        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.DrainAsync(provider, handle));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AwaitAsync_StreamTimesOutBeforeAnyImage_ThrowsOutcomeUnknown()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var events = new StreamingContent();
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = events });
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark) with { TaskTimeout = TimeSpan.FromMinutes(5) }, handler, time);
        var handle = await provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45, options: new GenerationOptions { Stream = true }), TestRequests.JobKey, CancellationToken.None);

        var drain = TestRequests.DrainAsync(provider, handle);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(5));
        time.Advance(TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => drain);
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.Equal("stream_timeout", ex.Error.ProviderCode);
    }

    [Fact]
    public async Task SubmitAsync_ModelNotServed_NotFoundSayingWhatToDo()
    {
        // BytePlus may have retired 4.5; a China id there is also a 404 (docs/provider-apis.md §1). Unbilled, never retried.
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json("""
            {"error":{"code":"InvalidEndpointOrModel.NotFound","message":"The model or endpoint seedream-4-5-251128 does not exist.","param":"model","type":"NotFound"}}
            """, HttpStatusCode.NotFound));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal((ProviderErrorKind.NotFound, "InvalidEndpointOrModel.NotFound", 404), (ex.Error.Kind, ex.Error.ProviderCode, ex.Error.HttpStatus));
        Assert.Contains("may be retired", ex.Message, StringComparison.Ordinal);
        Assert.Contains("providers.ark.endpoints", ex.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SubmitAsync_ArkErrorBody_KeepsCodeAndMessage()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""
            {"error":{"code":"InvalidParameter","message":"The parameter `size` specified in the request is not valid.","param":"size","type":"BadRequest"}}
            """, HttpStatusCode.BadRequest));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Error.Kind);
        Assert.Equal("InvalidParameter", ex.Error.ProviderCode);
        Assert.Equal(400, ex.Error.HttpStatus);
        Assert.Contains("`size`", ex.Error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "AuthenticationError", ProviderErrorKind.Authentication)]
    [InlineData(HttpStatusCode.Forbidden, "AccountOverdueError", ProviderErrorKind.AccountProblem)]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", ProviderErrorKind.AccountProblem)]
    [InlineData(HttpStatusCode.NotFound, "InvalidEndpoint.NotFound", ProviderErrorKind.NotFound)]
    [InlineData(HttpStatusCode.BadRequest, "InputTextSensitiveContentDetected", ProviderErrorKind.ContentPolicy)]
    [InlineData(HttpStatusCode.BadRequest, "SensitiveContentDetected.SevereViolation", ProviderErrorKind.ContentPolicy)]
    [InlineData(HttpStatusCode.BadRequest, "MissingParameter", ProviderErrorKind.InvalidRequest)]
    public async Task SubmitAsync_NonRetryableArkError_SentOnceAndClassified(HttpStatusCode status, string code, ProviderErrorKind expected)
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json("""{"error":{"code":"CODE","message":"m"}}""".Replace("CODE", code, StringComparison.Ordinal), status));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(expected, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task TryResumeAsync_Ark_CannotResume()
    {
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Ark), new ScriptedHandler());

        Assert.Null(await provider.TryResumeAsync(TestRequests.For(ProviderDialect.Ark, SeedreamModel.Seedream45), "k", "t", CancellationToken.None));
    }
}
