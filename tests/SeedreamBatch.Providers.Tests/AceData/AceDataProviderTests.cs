using System.Net;
using System.Text;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.AceData;

public sealed class AceDataProviderTests
{
    // The example answer on Ace Data's Seedream page (seed 000).
    private const string ExampleResponse = """
        {"success":true,"task_id":"c0aae74d-4442-4563-b620-3da86bae5434","trace_id":"581c4721-83e2-41a3-b7d8-b64378604bed",
         "data":[{"prompt":"a white siamese cat","size":"2048x2048","image_url":"https://platform.cdn.acedata.cloud/seedream/819386b9-fab6-4bf3-acc6-df29f53c7248.jpg"}]}
        """;

    [Fact]
    public async Task SubmitAsync_DocumentedExample_SendsFullModelIdAndReadsImageUrl()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData), handler);
        var request = TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45) with { ProviderModelId = "doubao-seedream-4.5" };

        var handle = await provider.SubmitAsync(request, TestRequests.JobKey, CancellationToken.None);
        var outputs = await TestRequests.DrainAsync(provider, handle);

        var sent = handler.Requests.Single();
        Assert.Equal("https://api.acedata.cloud/seedream/images", sent.Uri.ToString());
        Assert.Equal("doubao-seedream-4-5-251128", (string?)sent.Json["model"]);
        Assert.False(sent.Json.ContainsKey("callback_url"));
        Assert.Equal("c0aae74d-4442-4563-b620-3da86bae5434", handle.TaskId);
        Assert.Equal("https://platform.cdn.acedata.cloud/seedream/819386b9-fab6-4bf3-acc6-df29f53c7248.jpg", Assert.IsType<GeneratedImage>(outputs[0]).Url);
        Assert.Equal(new BilledUsage(1, 0.037m, false), outputs[1]);
    }

    [Fact]
    public async Task SubmitAsync_Defaults_AsyncSoTheTaskIdIsKnownAtOnceAndResumable()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"task_id":"t-1"}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData), handler);

        var handle = await provider.SubmitAsync(TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45), TestRequests.JobKey, CancellationToken.None);

        Assert.True(ProviderSettings.DefaultsFor(ProviderDialect.AceData).Async);
        Assert.True((bool)handler.Requests.Single().Json["async"]!);
        Assert.Equal("t-1", handle.TaskId);
    }

    [Fact]
    public async Task SubmitAsync_AsyncFalse_SyncAnswerWithoutAsyncField()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json(ExampleResponse));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData) with { Async = false }, handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45));

        Assert.False(handler.Requests.Single().Json.ContainsKey("async"));
        Assert.IsType<GeneratedImage>(outputs[0]);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "token_mismatched", ProviderErrorKind.InvalidRequest)]
    [InlineData(HttpStatusCode.BadRequest, "api_not_implemented", ProviderErrorKind.InvalidRequest)]
    [InlineData(HttpStatusCode.Unauthorized, "invalid_token", ProviderErrorKind.Authentication)]
    [InlineData(HttpStatusCode.TooManyRequests, "too_many_requests", ProviderErrorKind.RateLimited)]
    // Nothing documents whether a 500 api_error ("fetch failed") was billed: a paid one may have been, so never resent.
    [InlineData(HttpStatusCode.InternalServerError, "api_error", ProviderErrorKind.OutcomeUnknown)]
    public async Task SubmitAsync_DocumentedErrors_Classified(HttpStatusCode status, string code, ProviderErrorKind expected)
    {
        var handler = new ScriptedHandler(_ => ScriptedHandler.Json(
            """{"success":false,"error":{"code":"CODE","message":"m"},"trace_id":"t"}""".Replace("CODE", code, StringComparison.Ordinal), status));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData) with { MaxRetries = 0 }, handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45), "k", CancellationToken.None));

        Assert.Equal(expected, ex.Error.Kind);
        Assert.Equal(code, ex.Error.ProviderCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task AwaitAsync_AsyncMode_PollsTasksEndpointUntilResponseArrives()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"task_id":"t-1"}"""),
            ScriptedHandler.Json("""{"id":"t-1","request":{"image":"https://in.example/ref.png"},"response":null}"""),
            ScriptedHandler.Json("""{"id":"t-1","request":{"image":"https://in.example/ref.png"},"response":""" + ExampleResponse + "}"));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData) with { Async = true }, handler, time);

        var handle = await provider.SubmitAsync(TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45), TestRequests.JobKey, CancellationToken.None);
        Assert.Equal("t-1", handle.TaskId);
        Assert.True((bool)handler.Requests[0].Json["async"]!);
        var drain = TestRequests.DrainAsync(provider, handle);
        await handler.WaitForRequestsAsync(2);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        var outputs = await drain;

        var poll = handler.Requests[2];
        Assert.Equal("https://api.acedata.cloud/seedream/tasks", poll.Uri.ToString());
        Assert.Equal("retrieve", (string?)poll.Json["action"]);
        Assert.Equal("t-1", (string?)poll.Json["id"]);
        // The echoed request's reference URL is not a result.
        Assert.Single(outputs.OfType<GeneratedImage>());
    }

    [Fact]
    public async Task TryResumeAsync_UnknownTask_ReturnsNull()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"success":false,"error":{"code":"not_found","message":"The task x does not exist."}}""", HttpStatusCode.NotFound));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData), handler);

        Assert.Null(await provider.TryResumeAsync(TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45), "k", "x", CancellationToken.None));
    }

    [Fact]
    public async Task AwaitAsync_CallbackConfigured_ResultArrivesByCallbackWithoutPolling()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"task_id":"t-cb"}"""),
            ScriptedHandler.Json("""{"id":"t-cb","response":null}"""));
        var port = 0;
        using var provider = Ports.WithFreePort(p =>
        {
            port = p;
            return TestRequests.Create(TestRequests.Settings(ProviderDialect.AceData) with
            {
                CallbackListen = $"http://127.0.0.1:{p}/",
                CallbackPublicUrl = "https://hooks.example.com/seedream",
            }, handler, time);
        });

        var handle = await provider.SubmitAsync(TestRequests.For(ProviderDialect.AceData, SeedreamModel.Seedream45), TestRequests.JobKey, CancellationToken.None);
        var callbackUrl = new Uri((string)handler.Requests[0].Json["callback_url"]!);
        Assert.Equal("hooks.example.com", callbackUrl.Host);
        var drain = TestRequests.DrainAsync(provider, handle);
        await handler.WaitForRequestsAsync(2);

        using var client = new HttpClient();
        var local = new Uri($"http://127.0.0.1:{port}/seedream{callbackUrl.Query}");
        var forged = await client.PostAsync($"http://127.0.0.1:{port}/seedream?token=guess", new StringContent(ExampleResponse.Replace("c0aae74d-4442-4563-b620-3da86bae5434", "t-cb", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var body = ExampleResponse.Replace("c0aae74d-4442-4563-b620-3da86bae5434", "t-cb", StringComparison.Ordinal);
        var delivered = await client.PostAsync(local, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);

        var outputs = await drain;
        Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Equal(2, handler.Requests.Count);
    }
}
