using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Sinan;

/// <summary>
/// Sinancode-style task API: create a task (body documented, paths not: both configurable), get a task id,
/// poll the task. The answer shapes are undocumented, so ids, states and result URLs are read tolerantly.
/// </summary>
internal sealed class SinanProvider(ProviderContext context) : TaskProviderBase(context)
{
    public override ProviderDialect Dialect => ProviderDialect.Sinan;

    public override ProviderFeatures Features { get; } = new(IsTaskBased: true, CanResume: true, CanStream: false, UsesCallbacks: false);

    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = request.ProviderModelId,
            ["prompt"] = request.Prompt,
            // Always explicit: left unset, Sinan generates "automatically, up to 15" images and bills each.
            ["max_images"] = request.ImageCount,
            // A preset as written, otherwise WxH (Sinan takes no adaptive).
            ["size"] = request.Size.RequestText,
        };
        if (request.IsEdit)
        {
            body["images"] = new JsonArray([.. ReferenceEncoder.UrlsOnly(request.References, Http).Select(u => (JsonNode)u)]);
        }

        var json = await Http.SendJsonAsync(Post(Settings.SinanCreatePath, body, jobKey), cancellationToken).ConfigureAwait(false);
        if (TaskStates.ErrorIn(json, Http) is { } error)
        {
            throw error;
        }

        // The seed shows the answer as a bare task id; wrapped forms are accepted too.
        return Accepted(request, jobKey, ErrorBody.Text(json) ?? JsonTolerant.FirstString(json, "task_id", "taskId", "id", "data.task_id", "data.taskId", "data.id", "data"));
    }

    protected override async Task<TaskState> FetchAsync(string taskId, string jobKey, CancellationToken cancellationToken)
    {
        var path = Settings.SinanTaskPath.Replace(ProviderSettings.TaskIdPlaceholder, Uri.EscapeDataString(taskId), StringComparison.Ordinal);
        var json = await Http.SendJsonAsync(Poll(HttpMethod.Get, path, jobKey), cancellationToken).ConfigureAwait(false);
        return TaskStates.Read(json, Http);
    }
}
