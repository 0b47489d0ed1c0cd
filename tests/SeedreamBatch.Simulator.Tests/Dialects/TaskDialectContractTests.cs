using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Tests.Dialects;

/// <summary>Sinan and both KIE shapes: create a task, poll until done.</summary>
public sealed class TaskDialectContractTests : SimTestBase
{
    [Fact]
    public async Task Sinan_CreateThenPoll_ProcessingThenSucceeded()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(5));
        var (status, created, _) = await PostAsync("/v1/generate/vol/seedream", """{"prompt":"clay style photo","images":["https://media.example/1.png"],"max_images":2,"size":"2K","version":"4.5"}""");
        var id = (string)created["task_id"]!;
        Assert.Equal(200, status);
        Assert.True(Guid.TryParse(id, out _));

        var (_, running) = await GetAsync($"/v1/tasks/{id}");
        Clock.Advance(TimeSpan.FromSeconds(5));
        var (_, done) = await GetAsync($"/v1/tasks/{id}");

        Assert.Equal("pending", (string?)running["status"]);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.All(done["result"]!.AsArray(), u => Assert.StartsWith("http", (string?)u, StringComparison.Ordinal));
        Assert.Equal(2, done["result"]!.AsArray().Count);
        Assert.Equal(2, Sim.Ledger.TotalImages);
    }

    [Fact]
    public async Task Sinan_ModelFieldInsteadOfVersion_RunsAndBillsTheDefault50Lite()
    {
        // docs/provider-apis.md §4: the field is `version`; a body with `model` silently runs 5.0 lite.
        var (status, created, _) = await PostAsync("/v1/generate/vol/seedream", """{"prompt":"clay style photo","max_images":1,"size":"2K","model":"4.5"}""");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, done) = await GetAsync($"/v1/tasks/{(string)created["task_id"]!}");

        Assert.Equal(200, status);
        Assert.Equal("5.0-lite", (string?)done["version"]);
        Assert.Equal("seedream-5.0-lite", Assert.Single(Sim.Ledger.Charges).Model);
    }

    [Fact]
    public async Task Sinan_ResultObjectsOption_WritesTypeAndUrl()
    {
        Sim.Options.SinanResultObjects = true;
        var (_, created, _) = await PostAsync("/v1/generate/vol/seedream", """{"prompt":"clay","max_images":1,"version":"4.0"}""");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, done) = await GetAsync($"/v1/tasks/{(string)created["task_id"]!}");

        var item = Assert.Single(done["result"]!.AsArray())!;
        Assert.Equal("image", (string?)item["type"]);
        Assert.StartsWith("http", (string?)item["url"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sinan_TaskFailedAfterAcceptance_CarriesErrorCodeAndMsg()
    {
        var (_, created, _) = await PostAsync("/v1/generate/vol/seedream", """{"prompt":"clay sim-blocked-output","max_images":1,"version":"4.5"}""");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var (_, done) = await GetAsync($"/v1/tasks/{(string)created["task_id"]!}");

        Assert.Equal("failed", (string?)done["status"]);
        Assert.Equal("content_policy_violation", (string?)done["error_code"]);
        Assert.False(string.IsNullOrEmpty((string?)done["error_msg"]));
    }

    [Theory]
    [InlineData("""{"version":"5.0-lite"}""", 400, "invalid_request")]
    [InlineData("""{"prompt":"x","version":"3.0"}""", 400, "invalid_request")]
    [InlineData("""{"prompt":"x","version":"5.0-lite","size":"4K"}""", 400, "invalid_request")]
    [InlineData("""{"prompt":"x","max_images":16}""", 400, "invalid_request")]
    [InlineData("""{"prompt":"x","max_images":2,"images":["https://a/1","https://a/2","https://a/3","https://a/4","https://a/5","https://a/6","https://a/7","https://a/8","https://a/9","https://a/10","https://a/11","https://a/12","https://a/13","https://a/14"]}""", 400, "invalid_request")]
    [InlineData("""{"prompt":"a sim-blocked cat"}""", 400, "content_policy_violation")]
    public async Task Sinan_InvalidRequest_ReturnsError(string json, int status, string code)
    {
        var (actual, body, _) = await PostAsync("/v1/generate/vol/seedream", json);

        Assert.Equal((status, code), (actual, (string?)body["error"]!["code"]));
    }

    [Fact]
    public async Task Sinan_PromptOver2000Chars_Rejected()
    {
        var (status, _, _) = await PostAsync("/v1/generate/vol/seedream", new JsonObject { ["prompt"] = new string('a', 2001) }.ToJsonString());

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Sinan_UnknownTaskAndBadKey_Return404And401()
    {
        var (s404, b404) = await GetAsync("/v1/tasks/nope");
        var (s401, b401, _) = await PostAsync("/v1/generate/vol/seedream", """{"prompt":"x"}""", "bad");

        Assert.Equal((404, "not_found"), (s404, (string?)b404["error"]!["code"]));
        Assert.Equal((401, "unauthorized"), (s401, (string?)b401["error"]!["code"]));
    }

    [Fact]
    public async Task Kie_DocumentedExample_InProgressThenCompletedWithUrls()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(3));
        var (status, created, _) = await PostAsync("/api/v1/images/generations", """{"model":"seedream/4.5-text-to-image","prompt":"A serene mountain lake at sunrise with reflections, photorealistic","aspect_ratio":"16:9","quality":"high"}""");

        Assert.Equal(200, status);
        Assert.Equal(200, (int)created["code"]!);
        Assert.Equal("success", (string?)created["message"]);
        Assert.Equal("IN_PROGRESS", (string?)created["data"]!["status"]);
        var id = (string)created["data"]!["task_id"]!;
        var (_, running) = await GetAsync($"/api/v1/tasks/{id}");
        Clock.Advance(TimeSpan.FromSeconds(3));
        var (_, done) = await GetAsync($"/api/v1/tasks/{id}");

        Assert.Equal("IN_PROGRESS", (string?)running["data"]!["status"]);
        Assert.Equal("completed", (string?)done["data"]!["status"]);
        Assert.Single(done["data"]!["images"]!.AsArray());
        Assert.Equal(0.024m, Sim.Ledger.TotalUsd);
    }

    [Theory]
    [InlineData("""{"model":"seedream/4.5-edit","prompt":"x"}""", 400, "invalid_request")]
    [InlineData("""{"model":"seedream/4.5-text-to-image","prompt":"x","aspect_ratio":"5:4"}""", 400, "invalid_request")]
    [InlineData("""{"model":"seedream/4.5-text-to-image","prompt":"x","quality":"ultra"}""", 400, "invalid_request")]
    [InlineData("""{"model":"seedream/9","prompt":"x"}""", 400, "invalid_request")]
    public async Task Kie_InvalidRequest_ReturnsDocumentedErrorBody(string json, int status, string type)
    {
        var (actual, body, _) = await PostAsync("/api/v1/images/generations", json);

        Assert.Equal(status, actual);
        Assert.Equal(400, (int)body["error"]!["code"]!);
        Assert.Equal(type, (string?)body["error"]!["type"]);
        Assert.NotNull((string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task KieAi_CreateTaskThenRecordInfo_ResultJsonIsAStringWithResultUrls()
    {
        var (status, created, _) = await PostAsync("/api/v1/jobs/createTask", """{"model":"seedream/4.5-edit","input":{"prompt":"x","image_urls":["https://e.x/a.png"],"aspect_ratio":"1:1","quality":"basic"}}""");
        var id = (string)created["data"]!["taskId"]!;
        var (_, record) = await GetAsync($"/api/v1/jobs/recordInfo?taskId={id}");

        Assert.Equal((200, 200, "success"), (status, (int)created["code"]!, (string?)created["msg"]));
        Assert.Equal("success", (string?)record["data"]!["state"]);
        var result = JsonNode.Parse((string)record["data"]!["resultJson"]!)!;
        Assert.Single(result["resultUrls"]!.AsArray());
    }

    [Fact]
    public async Task KieAi_CallBackUrl_ReceivesRecord()
    {
        var (_, created, _) = await PostAsync("/api/v1/jobs/createTask", new JsonObject { ["model"] = "seedream/4.5-text-to-image", ["callBackUrl"] = Sim.Url("/_sim/callbacks").ToString(), ["input"] = new JsonObject { ["prompt"] = "x" } }.ToJsonString());
        var id = (string)created["data"]!["taskId"]!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var body = await Sim.Callbacks.WaitAsync(b => (string?)b["data"]?["taskId"] == id, cts.Token);

        Assert.Equal("success", (string?)body["data"]!["state"]);
    }

    [Fact]
    public async Task KieAi_Errors_CodeMsgEnvelopeInHttp200()
    {
        var (s401, b401, _) = await PostAsync("/api/v1/jobs/createTask", """{"model":"seedream/4.5-text-to-image","input":{"prompt":"x"}}""", "bad");
        var (s404, b404) = await GetAsync("/api/v1/jobs/recordInfo?taskId=nope");

        // KIE.ai answers errors as HTTP 200 with the status in the body's code (provider-apis.md §5).
        Assert.Equal((200, 401), (s401, (int)b401["code"]!));
        Assert.Equal((200, 404), (s404, (int)b404["code"]!));
        Assert.NotNull((string?)b404["msg"]);
    }
}
