using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.Sinan;

public sealed class SinanProviderTests
{
    [Fact]
    public async Task SubmitAsync_BareTaskIdAnswer_PollsConfiguredPathUntilSucceeded()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        // Seed 003 shows the answer as the task id itself.
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("\"01234567-89ab-cdef-0123-456789abcdef\""),
            ScriptedHandler.Json("""{"status":"processing"}"""),
            ScriptedHandler.Json("""{"status":"succeeded","images":[{"url":"https://cdn.example/1.jpg"},{"url":"https://cdn.example/2.jpg"}]}"""));
        var settings = TestRequests.Settings(ProviderDialect.Sinan) with { SinanCreatePath = "/api/seedream", SinanTaskPath = "/api/tasks/{id}/result" };
        using var provider = TestRequests.Create(settings, handler, time);

        var handle = await provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Sinan, SeedreamModel.Seedream50Lite, size: "3K", count: 2, references: [ReferenceImage.Url("https://media.example/ref.png")]),
            TestRequests.JobKey, CancellationToken.None);
        var drain = TestRequests.DrainAsync(provider, handle);
        await handler.WaitForRequestsAsync(2);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        var outputs = await drain;

        var create = handler.Requests[0];
        Assert.Equal("https://gateway.example.com/api/seedream", create.Uri.ToString());
        Assert.Equal("5.0-lite", (string?)create.Json["version"]);
        Assert.False(create.Json.ContainsKey("model"));
        Assert.Equal("3K", (string?)create.Json["size"]);
        Assert.Equal(2, (int)create.Json["max_images"]!);
        Assert.Equal("https://media.example/ref.png", (string?)create.Json["images"]![0]);
        Assert.Equal("01234567-89ab-cdef-0123-456789abcdef", handle.TaskId);
        Assert.Equal("https://gateway.example.com/api/tasks/01234567-89ab-cdef-0123-456789abcdef/result", handler.Requests[2].Uri.ToString());
        Assert.Equal(2, outputs.OfType<GeneratedImage>().Count());
        Assert.Equal(2, Assert.IsType<BilledUsage>(outputs[^1]).Images);
    }

    [Fact]
    public async Task SubmitAsync_DocumentedDefaults_PostsGenerateVolSeedreamWithVersionAndReadsBothResultForms()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        // docs.sinancode.com …/endpoint/seedream and …/get-task (docs/provider-apis.md §4).
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"task_id":"9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"}"""),
            ScriptedHandler.Json("""{"status":"pending"}"""),
            ScriptedHandler.Json("""{"status":"completed","result":["https://cdn.example/1.jpg",{"type":"image","url":"https://cdn.example/2.jpg"}]}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Sinan), handler, time);

        var handle = await provider.SubmitAsync(TestRequests.For(ProviderDialect.Sinan, SeedreamModel.Seedream45, size: "2K", count: 2), TestRequests.JobKey, CancellationToken.None);
        var drain = TestRequests.DrainAsync(provider, handle);
        await handler.WaitForRequestsAsync(2);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        var outputs = await drain;

        Assert.Equal("https://gateway.example.com/v1/generate/vol/seedream", handler.Requests[0].Uri.ToString());
        Assert.Equal("4.5", (string?)handler.Requests[0].Json["version"]);
        Assert.False(handler.Requests[0].Json.ContainsKey("model"));
        Assert.Equal("https://gateway.example.com/v1/tasks/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", handler.Requests[1].Uri.ToString());
        Assert.Equal(["https://cdn.example/1.jpg", "https://cdn.example/2.jpg"], outputs.OfType<GeneratedImage>().Select(i => i.Url));
    }

    [Theory]
    [InlineData("InputTextSensitiveContentDetected", "the prompt may contain sensitive content", ProviderErrorKind.ContentPolicy)]
    [InlineData("insufficient_balance", "balance too low", ProviderErrorKind.AccountProblem)]
    [InlineData(null, "prompt rejected by content policy", ProviderErrorKind.ContentPolicy)]
    public async Task AwaitAsync_FailedWithErrorCodeAndMsg_ClassifiedFromThem(string? code, string message, ProviderErrorKind expected)
    {
        var failed = new System.Text.Json.Nodes.JsonObject { ["status"] = "failed", ["error_code"] = code, ["error_msg"] = message };
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"task_id":"t"}"""), ScriptedHandler.Json(failed.ToJsonString()));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Sinan), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Sinan, SeedreamModel.Seedream45)));

        Assert.Equal(expected, ex.Error.Kind);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwaitAsync_TaskFailedForContent_ThrowsContentPolicy()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"task_id":"t"}"""),
            ScriptedHandler.Json("""{"status":"failed","error":{"code":"content_policy_violation","message":"blocked"}}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Sinan), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Sinan, SeedreamModel.Seedream45)));

        Assert.Equal(ProviderErrorKind.ContentPolicy, ex.Error.Kind);
    }

    [Fact]
    public async Task AwaitAsync_TaskNeverFinishes_TimesOutOnTheClock()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var handler = new ScriptedHandler(r => ScriptedHandler.Json(r.Method == HttpMethod.Post ? """{"task_id":"slow"}""" : """{"status":"processing"}"""));
        var settings = TestRequests.Settings(ProviderDialect.Sinan) with { TaskTimeout = TimeSpan.FromSeconds(30) };
        using var provider = TestRequests.Create(settings, handler, time);
        var handle = await provider.SubmitAsync(TestRequests.For(ProviderDialect.Sinan, SeedreamModel.Seedream45), "k", CancellationToken.None);

        var drain = TestRequests.DrainAsync(provider, handle);
        var waits = new List<TimeSpan>();
        while (!drain.IsCompleted)
        {
            // The poll wait is the only timer within max_poll_interval (request timeouts are minutes). Advance exactly
            // to it: a poll resumed inside Advance would otherwise schedule, and fire, the next wait in the same call.
            await Task.WhenAny(drain, time.WaitForTimerAsync(due => due > TimeSpan.Zero && due <= settings.MaxPollInterval));
            if (!drain.IsCompleted)
            {
                waits.Add(time.PendingDueTimes.Single(due => due <= settings.MaxPollInterval));
                time.Advance(waits[^1]);
            }
        }

        var ex = await Assert.ThrowsAsync<ProviderException>(() => drain);
        Assert.Equal(ProviderErrorKind.Timeout, ex.Error.Kind);
        Assert.Contains("resume", ex.Message, StringComparison.Ordinal);
        // Growing waits (×1.5 up to 8 s, not a fixed beat), the last cut to the 30 s task timeout; a poll after each.
        Assert.Equal([2, 3, 4.5, 6.75, 8, 5.75], waits.Select(w => w.TotalSeconds));
        Assert.Equal(7, handler.Requests.Count(r => r.Method == HttpMethod.Get));
        Assert.Equal(TestRequests.ClockStart + TimeSpan.FromSeconds(30), time.GetUtcNow());
    }

    [Fact]
    public async Task SubmitAsync_LocalReference_Refused()
    {
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Sinan), new ScriptedHandler());

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(
            TestRequests.For(ProviderDialect.Sinan, SeedreamModel.Seedream45, references: [ReferenceImage.LocalFile("/x/a.png", new string('a', 64))]), "k", CancellationToken.None));

        Assert.Equal("local_reference_unsupported", ex.Error.ProviderCode);
    }
}
