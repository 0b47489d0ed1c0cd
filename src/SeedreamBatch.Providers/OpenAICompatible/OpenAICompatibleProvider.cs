using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Results;

namespace SeedreamBatch.Providers.OpenAICompatible;

/// <summary>
/// OpenAI-compatible gateway: <c>POST /v1/images/generations</c>, or <c>/v1/images/edits</c> with reference URLs
/// (the gateway cannot take uploads). Synchronous; <c>n</c> images; pixels as <c>custom_size</c>. No task ids.
/// </summary>
internal sealed class OpenAICompatibleProvider(ProviderContext context) : ProviderBase(context, ProviderDialect.OpenAICompatible)
{
    public const string GenerationsPath = "/v1/images/generations";
    public const string EditsPath = "/v1/images/edits";

    public override async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = request.ProviderModelId,
            ["prompt"] = request.Prompt,
            ["n"] = request.ImageCount,
        };

        // Presets never reach this dialect (the capability table has none); aspect ratios resolve to their pixels.
        if (request.Size.Kind is ImageSizeKind.Pixels or ImageSizeKind.Aspect)
        {
            body["custom_size"] = new JsonObject { ["width"] = request.Size.Width, ["height"] = request.Size.Height };
        }

        if (request.IsEdit)
        {
            var urls = ReferenceEncoder.UrlsOnly(request.References, Http);
            // image_urls is the documented multi-reference field; one reference goes as image, like the first example.
            if (urls.Count == 1)
            {
                body["image"] = urls[0];
            }
            else
            {
                body["image_urls"] = new JsonArray([.. urls.Select(u => (JsonNode)u)]);
            }
        }

        if (request.Options.ResponseFormat is { } format)
        {
            body["response_format"] = format;
        }

        var path = request.IsEdit ? EditsPath : GenerationsPath;
        var json = await Http.SendJsonAsync(Post(path, body, jobKey, images: request.ImageCount), cancellationToken).ConfigureAwait(false);
        var images = new List<WireImage>();
        if (json["data"] is JsonArray data)
        {
            foreach (var item in data)
            {
                images.Add(new WireImage(JsonTolerant.FirstString(item, "url"), JsonTolerant.FirstString(item, "b64_json"), JsonTolerant.FirstString(item, "size")));
            }
        }

        return Completed(request, jobKey, null, images);
    }
}
