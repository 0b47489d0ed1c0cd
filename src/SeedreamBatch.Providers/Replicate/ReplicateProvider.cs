using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Replicate;

/// <summary>
/// Replicate predictions (docs/provider-apis.md §6): <c>POST /v1/models/bytedance/seedream-4/predictions</c>
/// <c>{input:{…}}</c> with <c>Prefer: wait</c> (the answer may already hold the output), else poll
/// <c>GET /v1/predictions/{id}</c> (starting, processing, succeeded, failed, canceled). Output URIs are deleted after
/// one hour: the engine downloads each image as soon as it is handed on.
/// </summary>
internal sealed class ReplicateProvider(ProviderContext context) : TaskProviderBase(context, ProviderDialect.Replicate)
{
    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var input = new JsonObject { ["prompt"] = request.Prompt };
        if (request.Size.Kind == ImageSizeKind.Preset)
        {
            input["size"] = request.Size.Preset;
        }
        else
        {
            input["size"] = "custom";
            input["width"] = request.Size.Width;
            input["height"] = request.Size.Height;
        }

        if (request.ImageCount > 1)
        {
            input["sequential_image_generation"] = "auto";
            input["max_images"] = request.ImageCount;
        }

        if (request.IsEdit)
        {
            input["image_input"] = new JsonArray([.. ReferenceEncoder.UrlsOnly(request.References, Http).Select(u => (JsonNode)u)]);
        }

        var path = $"/v1/models/{request.ProviderModelId}/predictions";
        var json = await Http.SendJsonAsync(Post(path, new JsonObject { ["input"] = input }, jobKey, images: request.ImageCount), cancellationToken).ConfigureAwait(false);
        var id = JsonTolerant.FirstString(json, "id");
        var state = Read(json);
        if (state.Failure is { } failure)
        {
            throw failure;
        }

        // Prefer: wait may bring the finished prediction in the create answer.
        return state.Images is { } images && id is not null
            ? Completed(request, jobKey, id, images)
            : Accepted(request, jobKey, id, "the prediction has no id");
    }

    protected override async Task<TaskState> FetchAsync(string taskId, string jobKey, CancellationToken cancellationToken)
    {
        var json = await Http.SendJsonAsync(Poll(HttpMethod.Get, "/v1/predictions/" + Uri.EscapeDataString(taskId), jobKey), cancellationToken).ConfigureAwait(false);
        return Read(json);
    }

    private TaskState Read(JsonNode json)
    {
        var status = JsonTolerant.FirstString(json, "status")?.ToLowerInvariant();
        switch (status)
        {
            case "succeeded":
                var output = json["output"];
                var urls = output is JsonValue ? [ErrorBody.Text(output)!] : JsonTolerant.ResultUrls(output);
                return TaskState.Done([.. urls.Select(u => new WireImage(u, null, null))]);
            case "failed" or "canceled":
                var message = ErrorBody.Text(json["error"]) ?? $"the prediction was {status}";
                return TaskState.Failed(Http.Classified(null, message));
            default:
                return TaskState.Pending;
        }
    }
}
