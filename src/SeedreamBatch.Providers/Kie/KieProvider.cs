using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Kie;

/// <summary>
/// The KIE task API in both shapes: apiin.one (<c>POST /api/v1/images/generations</c>, poll <c>/api/v1/tasks/{id}</c>)
/// and KIE.ai (<c>POST /api/v1/jobs/createTask</c> with an <c>input</c> object, poll <c>recordInfo?taskId=</c>, whose
/// <c>resultJson</c> is JSON inside a string). Errors may come as HTTP 200 with a non-200 <c>code</c> in the body.
/// </summary>
internal sealed class KieProvider(ProviderContext context) : TaskProviderBase(context, ProviderDialect.Kie)
{
    public const string ApiInOneCreatePath = "/api/v1/images/generations";
    public const string ApiInOneTaskPath = "/api/v1/tasks/";
    public const string KieAiCreatePath = "/api/v1/jobs/createTask";
    public const string KieAiTaskPath = "/api/v1/jobs/recordInfo?taskId=";

    private bool IsKieAi => Settings.EffectiveKieApi == KieApi.KieAi;

    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        // KIE.ai nests the generation fields under input; apiin.one has them beside the model.
        var body = new JsonObject { ["model"] = request.ProviderModelId };
        var input = body;
        if (IsKieAi)
        {
            body["input"] = input = new JsonObject();
        }

        var (aspectRatio, quality) = KieSize.Map(request.Size);
        input["prompt"] = request.Prompt;
        input["aspect_ratio"] = aspectRatio;
        input["quality"] = quality;
        if (request.IsEdit)
        {
            input["image_urls"] = new JsonArray([.. ReferenceEncoder.UrlsOnly(request.References, Http).Select(u => (JsonNode)u)]);
        }

        var json = await Http.SendJsonAsync(Post(IsKieAi ? KieAiCreatePath : ApiInOneCreatePath, body, jobKey), cancellationToken).ConfigureAwait(false);
        if (TaskStates.ErrorIn(json, Http) is { } error)
        {
            throw error;
        }

        return Accepted(request, jobKey, JsonTolerant.FirstString(json, "data.task_id", "data.taskId", "task_id", "taskId"));
    }

    protected override async Task<TaskState> FetchAsync(string taskId, string jobKey, CancellationToken cancellationToken)
    {
        var path = (IsKieAi ? KieAiTaskPath : ApiInOneTaskPath) + Uri.EscapeDataString(taskId);
        var json = await Http.SendJsonAsync(Poll(HttpMethod.Get, path, jobKey), cancellationToken).ConfigureAwait(false);
        return TaskStates.Read(json, Http);
    }
}
