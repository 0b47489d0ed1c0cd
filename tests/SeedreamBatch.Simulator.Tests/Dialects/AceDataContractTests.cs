namespace SeedreamBatch.Simulator.Tests.Dialects;

public sealed class AceDataContractTests : SimTestBase
{
    private const string Images = "/seedream/images";
    private const string Tasks = "/seedream/tasks";

    [Fact]
    public async Task Images_SequentialCapNotInReference_NotHonouredAndBillsUpTo15()
    {
        // docs/provider-apis.md §2: sequential_image_generation_options is not in Ace Data's reference; with auto and no
        // (honoured) cap the model may make up to 15 images. The simulator makes the worst case.
        var (status, body, _) = await PostAsync(Images, """{"model":"doubao-seedream-4-0-250828","prompt":"comic","size":"1K","sequential_image_generation":"auto","sequential_image_generation_options":{"max_images":2}}""");

        Assert.Equal(200, status);
        Assert.Equal(15, body["data"]!.AsArray().Count);
        Assert.Equal(15, Sim.Ledger.TotalImages);
    }

    [Fact]
    public async Task Images_DocumentedExample_ReturnsSuccessShape()
    {
        var (status, body, _) = await PostAsync(Images, """{"model":"doubao-seedream-4-5-251128","prompt":"a white siamese cat"}""");

        Assert.Equal(200, status);
        Assert.True((bool)body["success"]!);
        Assert.NotNull((string?)body["task_id"]);
        Assert.NotNull((string?)body["trace_id"]);
        var item = body["data"]![0]!;
        Assert.Equal("a white siamese cat", (string?)item["prompt"]);
        Assert.Equal("2048x2048", (string?)item["size"]);
        Assert.StartsWith(Sim.BaseUri.ToString(), (string)item["image_url"]!, StringComparison.Ordinal);
        Assert.Equal(0.037m, Sim.Ledger.TotalUsd);
    }

    [Fact]
    public async Task Images_ShortModelNameAndDefault_Accepted()
    {
        var (s1, _, _) = await PostAsync(Images, """{"model":"doubao-seedream-4.5","prompt":"cat"}""");
        var (s2, _, _) = await PostAsync(Images, """{"prompt":"cat"}""");

        Assert.Equal((200, 200), (s1, s2));
        Assert.Equal("doubao-seedream-4-0-250828", Sim.Ledger.Charges[1].Model);
    }

    [Fact]
    public async Task Images_Async_AnswersTaskIdThenRetrieveAndBatchReturnResult()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(10));
        var (status, created, _) = await PostAsync(Images, """{"model":"doubao-seedream-4-0-250828","prompt":"cat","async":true}""");
        var id = (string)created["task_id"]!;

        var (_, pending, _) = await PostAsync(Tasks, $$"""{"id":"{{id}}","action":"retrieve"}""");
        Assert.Equal(200, status);
        Assert.Null(pending["response"]);
        Assert.Empty(Sim.Ledger.Charges);

        Clock.Advance(TimeSpan.FromSeconds(10));
        var (_, done, _) = await PostAsync(Tasks, $$"""{"id":"{{id}}","action":"retrieve"}""");
        var (_, batch, _) = await PostAsync(Tasks, $$"""{"ids":["{{id}}","unknown"],"action":"retrieve_batch"}""");

        Assert.Equal(id, (string?)done["id"]);
        Assert.Equal("cat", (string?)done["request"]!["prompt"]);
        Assert.True((bool)done["response"]!["success"]!);
        Assert.NotNull((string?)done["response"]!["data"]![0]!["image_url"]);
        Assert.Equal(1, (int)batch["count"]!);
        Assert.Equal(id, (string?)batch["items"]![0]!["id"]);
        Assert.Single(Sim.Ledger.Charges);
    }

    [Fact]
    public async Task Images_CallbackUrl_PostsResultWithTaskId()
    {
        var callback = Sim.Url("/_sim/callbacks");
        var (_, created, _) = await PostAsync(Images, $$"""{"model":"doubao-seedream-4-0-250828","prompt":"cat","callback_url":"{{callback}}"}""");
        var id = (string)created["task_id"]!;

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var body = await Sim.Callbacks.WaitAsync(b => (string?)b["task_id"] == id, cts.Token);

        Assert.True((bool)body["success"]!);
        Assert.NotNull((string?)body["data"]![0]!["image_url"]);

        // The callback is the simulator's own outgoing call, never one of the API requests it received.
        Assert.Equal(1, Sim.Stats.Requests);
    }

    [Fact]
    public async Task Images_CallbackUrl_CallbackCountedApartFromApiRequests()
    {
        var callback = Sim.Url("/_sim/callbacks");
        var (_, created, _) = await PostAsync(Images, $$"""{"model":"doubao-seedream-4-0-250828","prompt":"cat","callback_url":"{{callback}}"}""");
        var id = (string)created["task_id"]!;

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Sim.Callbacks.WaitAsync(b => (string?)b["task_id"] == id, cts.Token);
        // Counted as sent before the POST; the delivery once the receiver has answered, so it is waited for.
        Assert.Equal(1, Sim.Stats.Callbacks);
        await Sim.Stats.WaitForCountAsync("callback_delivered", 1, cts.Token);

        // The callback the simulator sent is not a request it received: `requests` stays the one create.
        Assert.Equal(1, Sim.Stats.Requests);
        var (_, stats) = await GetAsync("/_sim/stats");
        Assert.Equal(1, (long)stats["requests"]!);
        Assert.Equal(1, (long)stats["callbacks"]!);
        Assert.Equal(1, (long)stats["outcomes"]!["callback_delivered"]!);
        Assert.Null(stats["by_dialect"]!["callback"]);
    }

    [Theory]
    [InlineData(Images, """{"model":"doubao-seedream-4-0-250828"}""", 400, "token_mismatched")]
    [InlineData(Images, """{"prompt":"x","size":"12x12"}""", 400, "token_mismatched")]
    [InlineData(Images, """{"model":"doubao-seedream-3-0-t2i-250415","prompt":"x","seed":3000000000}""", 400, "token_mismatched")]
    [InlineData(Images, """{"model":"doubao-seededit-3-0-i2i-250628","prompt":"x","image":["https://a/1.png","https://a/2.png"]}""", 400, "token_mismatched")]
    [InlineData(Images, """{"model":"flux","prompt":"x"}""", 400, "api_not_implemented")]
    [InlineData(Images, """{"action":"upscale","prompt":"x"}""", 400, "api_not_implemented")]
    [InlineData(Tasks, """{"action":"delete","id":"x"}""", 400, "api_not_implemented")]
    [InlineData(Tasks, """{"action":"retrieve","id":"missing"}""", 404, "not_found")]
    public async Task Images_InvalidRequest_ReturnsDocumentedError(string path, string json, int status, string code)
    {
        var (actual, body, _) = await PostAsync(path, json);

        Assert.Equal(status, actual);
        Assert.False((bool)body["success"]!);
        Assert.Equal(code, (string?)body["error"]!["code"]);
        Assert.NotNull((string?)body["trace_id"]);
    }

    [Fact]
    public async Task Images_BadToken_Returns401InvalidToken()
    {
        var (status, body, _) = await PostAsync(Images, """{"prompt":"x"}""", "nope");

        Assert.Equal(401, status);
        Assert.Equal("invalid_token", (string?)body["error"]!["code"]);
    }

    [Fact]
    public async Task Images_RateLimitedAndServerError_ReturnDocumentedCodes()
    {
        Sim.Faults.RequestsPerMinute = 1;
        await PostAsync(Images, """{"prompt":"x"}""");
        var (s429, b429, r429) = await PostAsync(Images, """{"prompt":"x"}""");
        Sim.Faults.RequestsPerMinute = 0;
        Sim.Faults.Error500Rate = 1;
        var (s500, b500, _) = await PostAsync(Images, """{"prompt":"x"}""");

        Assert.Equal((429, "too_many_requests"), (s429, (string?)b429["error"]!["code"]));
        Assert.NotNull(r429.Headers.RetryAfter);
        Assert.Equal((500, "api_error"), (s500, (string?)b500["error"]!["code"]));
    }

    [Fact]
    public async Task Tasks_RetrieveIsFree()
    {
        var (_, created, _) = await PostAsync(Images, """{"prompt":"x"}""");
        for (var i = 0; i < 3; i++)
        {
            await PostAsync(Tasks, $$"""{"id":"{{(string)created["task_id"]!}}","action":"retrieve"}""");
        }

        Assert.Single(Sim.Ledger.Charges);
    }
}
