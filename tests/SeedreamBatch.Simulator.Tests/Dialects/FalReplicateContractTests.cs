using System.Net.Http.Headers;

namespace SeedreamBatch.Simulator.Tests.Dialects;

/// <summary>fal.ai's queue and Replicate's predictions as docs/provider-apis.md §6 describes them.</summary>
public sealed class FalReplicateContractTests : SimTestBase
{
    [Fact]
    public async Task Fal_SubmitStatusResult_QueueThenCompletedWithImages()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(5));
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Key", Sim.ApiKey);

        var (status, created, _) = await PostAsync("/fal-ai/bytedance/seedream/v5/lite/text-to-image", """{"prompt":"a lamp","image_size":{"width":2048,"height":2048},"num_images":2}""");
        var id = (string)created["request_id"]!;
        var (_, queued) = await GetAsync($"/fal-ai/bytedance/requests/{id}/status");
        Clock.Advance(TimeSpan.FromSeconds(5));
        var (_, done) = await GetAsync($"/fal-ai/bytedance/requests/{id}/status");
        var (resultStatus, result) = await GetAsync($"/fal-ai/bytedance/requests/{id}");

        Assert.Equal(200, status);
        Assert.EndsWith($"/requests/{id}/status", (string?)created["status_url"], StringComparison.Ordinal);
        Assert.Equal(("IN_QUEUE", "COMPLETED"), ((string?)queued["status"], (string?)done["status"]));
        Assert.Equal(200, resultStatus);
        Assert.Equal(2, result["images"]!.AsArray().Count);
        Assert.Equal(2048, (int)result["images"]![0]!["width"]!);
        Assert.Equal("fal-ai/bytedance/seedream/v5/lite", Assert.Single(Sim.Ledger.Charges).Model);
    }

    [Theory]
    [InlineData("/fal-ai/bytedance/seedream/v4/text-to-image", """{"prompt":"x","image_size":"square_hd"}""", "value_error")]
    [InlineData("/fal-ai/bytedance/seedream/v4.5/text-to-image", """{"prompt":"x","image_size":{"width":1024,"height":1024}}""", "value_error")]
    [InlineData("/fal-ai/bytedance/seedream/v4/text-to-image", """{"prompt":"x","num_images":7}""", "value_error")]
    [InlineData("/fal-ai/bytedance/seedream/v4/edit", """{"prompt":"x"}""", "missing")]
    [InlineData("/fal-ai/bytedance/seedream/v4/text-to-image", """{"prompt":"a sim-blocked lamp"}""", "content_policy_violation")]
    public async Task Fal_RefusedInput_422WithDetailType(string path, string json, string type)
    {
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Key", Sim.ApiKey);

        var (status, body, _) = await PostAsync(path, json);

        Assert.Equal((422, type), (status, (string?)body["detail"]![0]!["type"]));
    }

    [Fact]
    public async Task Replicate_PreferWait_AnswersTheFinishedPrediction()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/bytedance/seedream-4/predictions")
        {
            Content = Json("""{"input":{"prompt":"a lamp","size":"custom","width":2048,"height":1536,"sequential_image_generation":"auto","max_images":3}}"""),
        };
        request.Headers.Add("Prefer", "wait");

        using var response = await Http.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("succeeded", (string?)body["status"]);
        Assert.Equal(3, body["output"]!.AsArray().Count);
        Assert.EndsWith($"/v1/predictions/{(string)body["id"]!}", (string?)body["urls"]!["get"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"input":{"prompt":"x","seed":3}}""", 422)]
    [InlineData("""{"input":{"prompt":"x","size":"custom","width":800,"height":2048}}""", 422)]
    [InlineData("""{"input":{"prompt":"x","max_images":16,"sequential_image_generation":"auto"}}""", 422)]
    public async Task Replicate_InvalidInput_Refused(string json, int status)
    {
        var (actual, _, _) = await PostAsync("/v1/models/bytedance/seedream-4/predictions", json);

        Assert.Equal(status, actual);
    }

    [Fact]
    public async Task Replicate_SensitivePrompt_FailedPredictionNotBilled()
    {
        var (status, body, _) = await PostAsync("/v1/models/bytedance/seedream-4/predictions", """{"input":{"prompt":"a sim-blocked lamp"}}""");

        Assert.Equal(201, status);
        Assert.Equal("failed", (string?)body["status"]);
        Assert.Contains("sensitive", (string?)body["error"], StringComparison.Ordinal);
        Assert.Empty(Sim.Ledger.Charges);
    }
}
