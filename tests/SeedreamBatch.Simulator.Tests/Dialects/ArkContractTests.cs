using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Tests.Dialects;

public sealed class ArkContractTests : SimTestBase
{
    private const string Path = "/api/v3/images/generations";

    [Fact]
    public async Task Generate_ChinaRegion_TakesDoubaoIdsAndRefusesInternationalOnes()
    {
        Sim.Options.ArkChinaRegion = true;

        var (china, _, _) = await PostAsync(Path, """{"model":"doubao-seedream-5-0-260128","prompt":"x","size":"2K"}""");
        var (intl, body, _) = await PostAsync(Path, """{"model":"seedream-5-0-260128","prompt":"x","size":"2K"}""");

        Assert.Equal((200, 404), (china, intl));
        Assert.Equal("InvalidEndpointOrModel.NotFound", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task Generate_50Lite4KAndEndpointId_Accepted()
    {
        Sim.Options.ArkEndpoints["ep-20261201-abcde"] = "seedream-5-0-260128";

        var (preset, _, _) = await PostAsync(Path, """{"model":"seedream-5-0-260128","prompt":"x","size":"4K","output_format":"png"}""");
        var (endpoint, body, _) = await PostAsync(Path, """{"model":"ep-20261201-abcde","prompt":"x","size":"4096x4096"}""");

        Assert.Equal((200, 200), (preset, endpoint));
        Assert.Equal("ep-20261201-abcde", (string?)body["model"]);
    }

    [Fact]
    public async Task Generate_DocumentedExample_ReturnsDataAndUsage()
    {
        var (status, body, _) = await PostAsync(Path, """{"model":"seedream-4-5-251128","prompt":"a white siamese cat","size":"2048x2048","watermark":false}""");

        Assert.Equal(200, status);
        Assert.Equal("seedream-4-5-251128", (string?)body["model"]);
        Assert.True((long)body["created"]! > 0);
        var image = body["data"]![0]!;
        Assert.Equal("2048x2048", (string?)image["size"]);
        var bytes = await DownloadAsync((string)image["url"]!);
        Assert.Equal(0xFF, bytes[0]);
        Assert.Equal(0xD8, bytes[1]);
        Assert.Equal(1, (int)body["usage"]!["generated_images"]!);
        Assert.Equal(2048 * 2048 / 256, (int)body["usage"]!["output_tokens"]!);
    }

    [Fact]
    public async Task Generate_B64Json_ReturnsInlineJpeg()
    {
        var (status, body, _) = await PostAsync(Path, """{"model":"seedream-3-0-t2i-250415","prompt":"red fox","size":"512x512","seed":1,"response_format":"b64_json"}""");

        Assert.Equal(200, status);
        var bytes = Convert.FromBase64String((string)body["data"]![0]!["b64_json"]!);
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    [Fact]
    public async Task Generate_SameSeedTwice_IdenticalBytes_DifferentSeedDiffers()
    {
        async Task<byte[]> Render(int seed)
        {
            var (_, body, _) = await PostAsync(Path, $$"""{"model":"seedream-3-0-t2i-250415","prompt":"blue teapot on a table","size":"512x512","seed":{{seed}}}""");
            return await DownloadAsync((string)body["data"]![0]!["url"]!);
        }

        var first = await Render(42);
        var again = await Render(42);
        var other = await Render(43);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task Generate_SeedOnV4Model_IsIgnoredAndImagesVary()
    {
        var json = """{"model":"seedream-4-0-250828","prompt":"lamp","size":"1K","seed":5}""";
        var (_, a, _) = await PostAsync(Path, json);
        var (_, b, _) = await PostAsync(Path, json);

        Assert.NotEqual(await DownloadAsync((string)a["data"]![0]!["url"]!), await DownloadAsync((string)b["data"]![0]!["url"]!));
    }

    [Fact]
    public async Task Generate_Sequential_ReturnsMaxImages()
    {
        var (status, body, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"comic","size":"1K","sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":3}}""");

        Assert.Equal(200, status);
        Assert.Equal(3, body["data"]!.AsArray().Count);
        Assert.Equal(3, Sim.Ledger.TotalImages);
    }

    [Fact]
    public async Task Generate_Stream_SendsPartialEventsCompletedAndDone()
    {
        using var response = await Http.PostAsync(Path, Json("""{"model":"seedream-4-0-250828","prompt":"comic","size":"1K","stream":true,"sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":2}}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, CountOf(text, "event: image_generation.partial_succeeded"));
        Assert.Contains("event: image_generation.completed", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        var completed = JsonNode.Parse(text.Split('\n').First(l => l.Contains("\"image_generation.completed\"", StringComparison.Ordinal))[6..])!;
        Assert.Equal(2, (int)completed["usage"]!["generated_images"]!);
    }

    [Fact]
    public async Task Generate_StreamWithPartialFailure_SendsPartialFailedAndStops()
    {
        Sim.Faults.PartialFailureRate = 1;
        using var response = await Http.PostAsync(Path, Json("""{"model":"seedream-4-0-250828","prompt":"comic","size":"1K","stream":true,"sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":3}}"""));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(1, CountOf(text, "event: image_generation.partial_failed"));
        Assert.Contains("InternalServiceError", text, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", text, StringComparison.Ordinal);
        Assert.Empty(Sim.Ledger.Charges);
    }

    [Theory]
    [InlineData("""{"prompt":"x"}""", 400, "MissingParameter")]
    [InlineData("""{"model":"seedream-4-5-251128"}""", 400, "MissingParameter")]
    [InlineData("""{"model":"seedream-4-5-251128","prompt":"x","size":"1024x1024"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-5-251128","prompt":"x","size":"1K"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-0-250828","prompt":"x","size":"8200x500"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-3-0-t2i-250415","prompt":"x","size":"4096x4096"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-3-0-t2i-250415","prompt":"x","seed":-2}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-3-0-t2i-250415","prompt":"x","guidance_scale":11}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-3-0-t2i-250415","prompt":"x","image":"https://e.x/a.png"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seededit-3-0-i2i-250628","prompt":"x"}""", 400, "MissingParameter")]
    [InlineData("""{"model":"seededit-3-0-i2i-250628","prompt":"x","image":"https://e.x/a.png","size":"1024x1024"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-5-251128","prompt":"x","optimize_prompt_options":{"mode":"fast"}}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-0-250828","prompt":"x","image":"ftp://a"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-0-250828","prompt":"x","sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":16}}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"nope-model","prompt":"x"}""", 404, "InvalidEndpointOrModel.NotFound")]
    [InlineData("""{"model":"seedream-4-0-250828","prompt":"a sim-blocked cat"}""", 400, "InputTextSensitiveContentDetected")]
    [InlineData("""{"model":"seedream-4-0-250828","prompt":"cat","image":"https://e.x/sim-blocked.png"}""", 400, "InputImageSensitiveContentDetected")]
    [InlineData("""{"model":"seedream-4-0-250828","prompt":"a sim-blocked-output cat"}""", 400, "OutputImageSensitiveContentDetected")]
    [InlineData("""{"model":"seedream-3-0-t2i-250415","prompt":"a sim-blocked cat"}""", 400, "SensitiveContentDetected")]
    // docs/provider-apis.md §1: the China id on the international host is a 404; fast is 4.0's only; output_format 5.0 lite's only.
    [InlineData("""{"model":"doubao-seedream-4-5-251128","prompt":"x"}""", 404, "InvalidEndpointOrModel.NotFound")]
    [InlineData("""{"model":"seedream-5-0-260128","prompt":"x","optimize_prompt_options":{"mode":"fast"}}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-5-251128","prompt":"x","output_format":"png"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"dola-seedream-5-0-pro-260628","prompt":"x","size":"4K"}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"dola-seedream-5-0-pro-260628","prompt":"x","stream":true}""", 400, "InvalidParameter")]
    [InlineData("""{"model":"seedream-4-5-251128","prompt":"a sim-risk poster"}""", 400, "InputTextRiskDetection")]
    public async Task Generate_InvalidRequest_ReturnsDocumentedError(string json, int status, string code)
    {
        var (actual, body, _) = await PostAsync(Path, json);

        Assert.Equal(status, actual);
        Assert.Equal(code, (string?)body["error"]!["code"]);
        Assert.NotNull(body["error"]!["message"]);
        Assert.NotNull(body["error"]!["type"]);
        Assert.NotNull(body["error"]!["param"]);
        Assert.Empty(Sim.Ledger.Charges);
    }

    [Theory]
    [InlineData("")]
    [InlineData("wrong-key")]
    public async Task Generate_BadKey_Returns401AuthenticationError(string key)
    {
        var (status, body, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x"}""", key);

        Assert.Equal(401, status);
        Assert.Equal("AuthenticationError", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task Generate_AccountStates_Return403Codes()
    {
        Sim.Faults.OverdueKeys.Add(Sim.ApiKey);
        var (s1, b1, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x"}""");
        Sim.Faults.OverdueKeys.Clear();
        Sim.Faults.DeniedKeys.Add(Sim.ApiKey);
        var (s2, b2, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x"}""");

        Assert.Equal((403, "AccountOverdueError"), (s1, (string?)b1["error"]!["code"]));
        Assert.Equal((403, "AccessDenied"), (s2, (string?)b2["error"]!["code"]));
    }

    [Fact]
    public async Task Generate_OverRequestsPerMinute_Returns429RpmWithRetryAfter()
    {
        Sim.Faults.RequestsPerMinute = 1;
        await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x","size":"1K"}""");
        var (status, body, response) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x","size":"1K"}""");

        Assert.Equal(429, status);
        Assert.Equal("RateLimitExceeded.EndpointRPMExceeded", (string?)body["error"]!["code"]);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter!.Delta);

        Clock.Advance(TimeSpan.FromSeconds(60));
        var (after, _, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x","size":"1K"}""");
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task Generate_OverImagesPerMinute_Returns429Tpm()
    {
        Sim.Faults.ImagesPerMinute = 2;
        var (first, _, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x","size":"1K","sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":2}}""");
        var (status, body, response) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x","size":"1K"}""");

        Assert.Equal(200, first);
        Assert.Equal(429, status);
        Assert.Equal("RateLimitExceeded.EndpointTPMExceeded", (string?)body["error"]!["code"]);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Generate_Error500Rate_Returns500InternalServiceError()
    {
        Sim.Faults.Error500Rate = 1;
        var (status, body, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x"}""");

        Assert.Equal(500, status);
        Assert.Equal("InternalServiceError", (string?)body["error"]!["code"]);
        Assert.Equal(1, Sim.Stats.Count("http_500"));
    }

    [Fact]
    public async Task Generate_PartialFailureInBatch_ReportsErrorPerImageAndBillsSuccessesOnly()
    {
        Sim.Faults.PartialFailureRate = 0.5;
        var (status, body, _) = await PostAsync(Path, """{"model":"seedream-4-0-250828","prompt":"x","size":"1K","sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":8}}""");

        Assert.Equal(200, status);
        var data = body["data"]!.AsArray();
        var failed = data.Count(d => d!["error"] is not null);
        Assert.InRange(failed, 1, 7);
        Assert.Equal("InternalServiceError", (string?)data.First(d => d!["error"] is not null)!["error"]!["code"]);
        Assert.Equal(8 - failed, Sim.Ledger.TotalImages);
        Assert.Equal(8 - failed, (int)body["usage"]!["generated_images"]!);
    }

    private static int CountOf(string text, string what) => text.Split(what).Length - 1;
}
