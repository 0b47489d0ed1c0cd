using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Sinan;

/// <summary>
/// Sinancode task API (docs/provider-apis.md §4): <c>POST /v1/generate/vol/seedream</c> → <c>{task_id}</c>, poll
/// <c>GET /v1/tasks/{id}</c> (<c>pending|processing|completed|failed</c>; <c>result</c> a list of URLs or
/// <c>{type,url}</c>; <c>error_code</c>/<c>error_msg</c> on failure). Both paths are configurable for look-alike
/// gateways, and answers are read tolerantly (other field names, wrapped forms) since gateways vary.
/// </summary>
internal sealed class SinanProvider(ProviderContext context) : TaskProviderBase(context, ProviderDialect.Sinan)
{
    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            // The model goes in `version`: a body with `model` instead silently runs (and bills) the default 5.0 lite.
            ["version"] = request.ProviderModelId,
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
