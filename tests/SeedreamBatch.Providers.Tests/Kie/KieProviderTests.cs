using System.Net;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.Kie;

public sealed class KieProviderTests
{
    [Fact]
    public async Task SubmitAsync_ApiInOneExample_SendsAspectAndQualityAndPollsTask()
    {
        // Request and answer examples of the apiin.one page (seed 004).
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"code":200,"message":"success","data":{"task_id":"n30xxxx_seed","status":"IN_PROGRESS"}}"""),
            ScriptedHandler.Json("""{"code":200,"message":"success","data":{"task_id":"n30xxxx_seed","status":"completed","images":["https://cdn.apiin.example/1.png"]}}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Kie), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Kie, SeedreamModel.Seedream45, size: "16:9@4K",
            prompt: "A serene mountain lake at sunrise with reflections, photorealistic"));

        var create = handler.Requests[0];
        Assert.Equal("https://apiin.one/api/v1/images/generations", create.Uri.ToString());
        Assert.Equal("seedream/4.5-text-to-image", (string?)create.Json["model"]);
        Assert.Equal("16:9", (string?)create.Json["aspect_ratio"]);
        Assert.Equal("high", (string?)create.Json["quality"]);
        Assert.Equal("https://apiin.one/api/v1/tasks/n30xxxx_seed", handler.Requests[1].Uri.ToString());
        Assert.Equal("https://cdn.apiin.example/1.png", Assert.IsType<GeneratedImage>(outputs[0]).Url);
        Assert.Equal(new BilledUsage(1, 0.024m, false), outputs[1]);
    }

    [Fact]
    public async Task SubmitAsync_KieAiHost_UsesCreateTaskAndRecordInfoWithResultJson()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"code":200,"msg":"success","data":{"taskId":"task_abc"}}"""),
            ScriptedHandler.Json("""{"code":200,"msg":"success","data":{"taskId":"task_abc","state":"success","param":"{\"input\":{\"image_urls\":[\"https://in.example/ref.png\"]}}","resultJson":"{\"resultUrls\":[\"https://kie.example/out.png\"]}"}}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Kie, "https://api.kie.ai"), handler);

        var outputs = await TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Kie, SeedreamModel.Seedream45, size: "2048x2048",
            references: [ReferenceImage.Url("https://in.example/ref.png")]));

        var create = handler.Requests[0];
        Assert.Equal("https://api.kie.ai/api/v1/jobs/createTask", create.Uri.ToString());
        Assert.Equal("seedream/4.5-edit", (string?)create.Json["model"]);
        Assert.Equal("1:1", (string?)create.Json["input"]!["aspect_ratio"]);
        Assert.Equal("basic", (string?)create.Json["input"]!["quality"]);
        Assert.Equal("https://api.kie.ai/api/v1/jobs/recordInfo?taskId=task_abc", handler.Requests[1].Uri.ToString());
        Assert.Equal(["https://kie.example/out.png"], outputs.OfType<GeneratedImage>().Select(i => i.Url));
    }

    [Fact]
    public async Task SubmitAsync_ErrorIn200Body_ClassifiedByBodyCode()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"code":401,"msg":"You do not have access permissions"}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Kie), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Kie, SeedreamModel.Seedream45, size: "1:1"), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Authentication, ex.Error.Kind);
    }

    [Fact]
    public async Task SubmitAsync_DocumentedErrorShape_IsInvalidRequest()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Json("""{"error":{"code":400,"message":"Invalid parameters","type":"invalid_request"}}""", HttpStatusCode.BadRequest));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Kie), handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(TestRequests.For(ProviderDialect.Kie, SeedreamModel.Seedream45, size: "1:1"), "k", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Error.Kind);
        Assert.Equal("invalid_request", ex.Error.ProviderCode);
        Assert.Equal("Invalid parameters", ex.Error.Message);
    }

    [Fact]
    public async Task AwaitAsync_KieAiTaskFailed_UsesFailCodeAndMessage()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Json("""{"code":200,"msg":"success","data":{"taskId":"t"}}"""),
            ScriptedHandler.Json("""{"code":200,"msg":"success","data":{"taskId":"t","state":"fail","failCode":"500","failMsg":"internal error"}}"""));
        using var provider = TestRequests.Create(TestRequests.Settings(ProviderDialect.Kie) with { KieApi = KieApi.KieAi }, handler);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, TestRequests.For(ProviderDialect.Kie, SeedreamModel.Seedream45, size: "1:1")));

        Assert.Equal(ProviderErrorKind.ServerError, ex.Error.Kind);
        Assert.Equal("internal error", ex.Error.Message);
    }
}
