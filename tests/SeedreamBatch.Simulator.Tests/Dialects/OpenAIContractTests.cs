using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Tests.Dialects;

public sealed class OpenAIContractTests : SimTestBase
{
    private const string Generations = "/v1/images/generations";
    private const string Edits = "/v1/images/edits";

    [Theory]
    [InlineData("""{"model":"seedream-4.0","prompt":"one cat"}""", 1)]
    [InlineData("""{"model":"seedream-4.5","prompt":"six","num_images":6,"custom_size":{"width":2048,"height":2048}}""", 6)]
    [InlineData("""{"model":"seedream-5.0-lite","prompt":"16:9","n":2,"custom_size":{"width":2560,"height":1440}}""", 2)]
    [InlineData("""{"model":"seedream-4.5","prompt":"Portrait","num_images":1,"custom_size":{"width":1440,"height":2560}}""", 1)]
    [InlineData("""{"model":"seedream-4.0","prompt":"Landscape","custom_size":{"width":1280,"height":720}}""", 1)]
    public async Task Generations_DocumentedExamples_ReturnCreatedAndUrls(string json, int count)
    {
        var (status, body, _) = await PostAsync(Generations, json);

        Assert.Equal(200, status);
        Assert.True((long)body["created"]! > 0);
        Assert.Equal(count, body["data"]!.AsArray().Count);
        Assert.All(body["data"]!.AsArray(), d => Assert.NotNull((string?)d!["url"]));
    }

    [Theory]
    [InlineData("""{"model":"seedream-4.0","prompt":"e","image":"https://example.com/source.png","num_images":1,"custom_size":{"width":2048,"height":2048}}""")]
    [InlineData("""{"model":"seedream-4.0","prompt":"e","image":["https://example.com/a.png","https://example.com/b.png"]}""")]
    [InlineData("""{"model":"seedream-4.0","prompt":"e","image_url":"https://example.com/a.png"}""")]
    [InlineData("""{"model":"seedream-4.0","prompt":"e","image_url":{"url":"https://example.com/a.png"}}""")]
    [InlineData("""{"model":"seedream-4.5","prompt":"e","image_urls":["https://example.com/product.png","https://example.com/background.png"],"n":3,"custom_size":{"width":2560,"height":1440}}""")]
    [InlineData("""{"model":"seedream-5.0-lite","prompt":"e","images":[{"url":"https://example.com/person.png"},{"image_url":"https://example.com/outfit.png"},"https://example.com/c.png"],"num_images":2,"custom_size":{"width":2048,"height":2048}}""")]
    public async Task Edits_EveryReferenceForm_Succeeds(string json)
    {
        var (status, body, _) = await PostAsync(Edits, json);

        Assert.Equal(200, status);
        Assert.NotEmpty(body["data"]!.AsArray());
    }

    [Fact]
    public async Task Edits_FormWithUrlFields_SucceedsButFileUploadIsRefused()
    {
        using var form = new FormUrlEncodedContent([new("model", "seedream-4.0"), new("prompt", "e"), new("image_urls", "https://e.x/a.png"), new("image_urls", "https://e.x/b.png"), new("n", "2")]);
        using var ok = await Http.PostAsync(Edits, form);
        using var multipart = new MultipartFormDataContent { { new StringContent("seedream-4.0"), "model" }, { new StringContent("e"), "prompt" }, { new ByteArrayContent([1, 2, 3]), "image", "a.png" } };
        using var refused = await Http.PostAsync(Edits, multipart);

        Assert.Equal(2, JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["data"]!.AsArray().Count);
        Assert.Equal(400, (int)refused.StatusCode);
    }

    [Theory]
    [InlineData(Generations, """{"prompt":"x"}""", 400, "missing_required_parameter")]
    [InlineData(Generations, """{"model":"seedream-4.0","prompt":"x","n":7}""", 400, "invalid_value")]
    [InlineData(Generations, """{"model":"seedream-4.0","prompt":"x","n":2,"num_images":3}""", 400, "invalid_value")]
    [InlineData(Generations, """{"model":"seedream-4.5","prompt":"x","custom_size":{"width":1280,"height":720}}""", 400, "invalid_value")]
    [InlineData(Generations, """{"model":"seedream-4.0","prompt":"x","custom_size":{"width":900,"height":900}}""", 400, "invalid_value")]
    [InlineData(Generations, """{"model":"seedream-4.0","prompt":"x","custom_size":{"width":8192,"height":1024}}""", 400, "invalid_value")]
    [InlineData(Edits, """{"model":"seedream-4.0","prompt":"x"}""", 400, "missing_required_parameter")]
    [InlineData(Edits, """{"model":"seedream-4.0","prompt":"x","image":"data:image/png;base64,AAAA"}""", 400, "invalid_value")]
    [InlineData(Edits, """{"model":"seedream-4.0","prompt":"x","image_urls":["https://a/1","https://a/2","https://a/3","https://a/4","https://a/5","https://a/6","https://a/7","https://a/8","https://a/9","https://a/10","https://a/11"]}""", 400, "invalid_value")]
    [InlineData(Edits, """{"model":"seedream-4.0","prompt":"x","n":6,"image_urls":["https://a/1","https://a/2","https://a/3","https://a/4","https://a/5","https://a/6","https://a/7","https://a/8","https://a/9","https://a/10"]}""", 400, "invalid_value")]
    [InlineData(Generations, """{"model":"dall-e-3","prompt":"x"}""", 404, "model_not_found")]
    [InlineData(Generations, """{"model":"seedream-4.0","prompt":"a sim-blocked cat"}""", 400, "content_policy_violation")]
    public async Task Generations_InvalidRequest_ReturnsOpenAIError(string path, string json, int status, string code)
    {
        var (actual, body, _) = await PostAsync(path, json);

        Assert.Equal(status, actual);
        Assert.Equal(code, (string?)body["error"]!["code"]);
        Assert.NotNull((string?)body["error"]!["type"]);
    }

    [Fact]
    public async Task Edits_TenReferencesFiveOutputs_IsAllowed()
    {
        var (status, body, _) = await PostAsync(Edits, """{"model":"seedream-4.0","prompt":"x","n":5,"image_urls":["https://a/1","https://a/2","https://a/3","https://a/4","https://a/5","https://a/6","https://a/7","https://a/8","https://a/9","https://a/10"]}""");

        Assert.Equal(200, status);
        Assert.Equal(5, body["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task Generations_LatencyBeyondTimeoutSeconds_Returns504AndBillsNothing()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(90));
        var pending = PostAsync(Generations, """{"model":"seedream-4.0","prompt":"x","timeout_seconds":30}""");
        await Clock.WaitForPendingTimersAsync();
        Clock.Advance(TimeSpan.FromSeconds(30));
        var (status, body, _) = await pending;

        Assert.Equal(504, status);
        Assert.Equal("timeout", (string?)body["error"]!["code"]);
        Assert.Empty(Sim.Ledger.Charges);
    }

    [Fact]
    public async Task Generations_BadKey_Returns401()
    {
        var (status, body, _) = await PostAsync(Generations, """{"model":"seedream-4.0","prompt":"x"}""", "bad");

        Assert.Equal((401, "invalid_api_key"), (status, (string?)body["error"]!["code"]));
    }
}
