using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.Fal;

/// <summary>
/// fal.ai's queue (docs/provider-apis.md §6): <c>POST /fal-ai/bytedance/seedream/{v4|v4.5|v5/lite}/{text-to-image|edit}</c>
/// → <c>request_id</c>; poll <c>GET /fal-ai/bytedance/requests/{id}/status</c> (IN_QUEUE, IN_PROGRESS, COMPLETED); then
/// <c>GET /fal-ai/bytedance/requests/{id}</c> for <c>{"images":[{url,width,height}],"seed"}</c>. Keys go as
/// <c>Authorization: Key</c>. fal retries 429/5xx itself and bills no 5xx; <c>request_id</c> is stable across its retries.
/// </summary>
internal sealed class FalProvider(ProviderContext context) : TaskProviderBase(context, ProviderDialect.Fal)
{
    /// <summary>The queue app every Seedream endpoint belongs to; status and result live under it.</summary>
    public const string AppPath = "/fal-ai/bytedance";

    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["prompt"] = request.Prompt,
            // Pixels always: fal's own presets are not Seedream's 2K/4K (validation refuses presets here).
            ["image_size"] = new JsonObject { ["width"] = request.Size.Width, ["height"] = request.Size.Height },
            // n separate images, each one generation: exactly what was asked (max_images would allow fewer).
            ["num_images"] = request.ImageCount,
        };
        if (request.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        if (request.IsEdit)
        {
            body["image_urls"] = new JsonArray([.. ReferenceEncoder.UrlsOnly(request.References, Http).Select(u => (JsonNode)u)]);
        }

        var json = await Http.SendJsonAsync(Post("/" + request.ProviderModelId, body, jobKey, images: request.ImageCount), cancellationToken).ConfigureAwait(false);
        return Accepted(request, jobKey, JsonTolerant.FirstString(json, "request_id", "requestId"), "the queue answer has no request_id");
    }

    protected override async Task<TaskState> FetchAsync(string taskId, string jobKey, CancellationToken cancellationToken)
    {
        var id = Uri.EscapeDataString(taskId);
        var status = await Http.SendJsonAsync(Poll(HttpMethod.Get, $"{AppPath}/requests/{id}/status", jobKey), cancellationToken).ConfigureAwait(false);
        var word = JsonTolerant.FirstString(status, "status")?.ToUpperInvariant();
        if (status["error"] is { } error && ErrorBody.Text(error) is { } message)
        {
            return TaskState.Failed(Http.Classified(JsonTolerant.FirstString(status, "error_type"), message));
        }

        if (word != "COMPLETED")
        {
            return TaskState.Pending;
        }

        JsonNode result;
        try
        {
            result = await Http.SendJsonAsync(Poll(HttpMethod.Get, $"{AppPath}/requests/{id}", jobKey), cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (!ex.IsRetryable)
        {
            // A completed request whose result is an error (a content refusal, invalid input) failed as a whole.
            return TaskState.Failed(ex);
        }

        var images = new List<WireImage>();
        foreach (var item in result["images"] as JsonArray ?? [])
        {
            var size = item?["width"] is JsonValue w && item["height"] is JsonValue h ? $"{w}x{h}" : null;
            images.Add(new WireImage(JsonTolerant.FirstString(item, "url"), null, size));
        }

        return TaskState.Done(images);
    }
}
