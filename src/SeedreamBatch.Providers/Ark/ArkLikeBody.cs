using System.Text.Json.Nodes;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Http;

namespace SeedreamBatch.Providers.Ark;

/// <summary>
/// The ModelArk request body, which Ace Data proxies. The request was validated against the capability table, so a
/// field is sent when the request carries it, except the fields Ace Data's reference does not list
/// (<c>sequential_image_generation_options</c>, <c>optimize_prompt_options</c>, <c>output_format</c>: docs/provider-apis.md
/// §2), which only go to Ark; validation warned about those (or refused a group) already.
/// </summary>
internal static class ArkLikeBody
{
    public static async Task<JsonObject> BuildAsync(GenerationRequest request, string modelId, ProviderHttp http, CancellationToken cancellationToken)
    {
        var ark = request.Dialect == ProviderDialect.Ark;
        var body = new JsonObject { ["model"] = modelId, ["prompt"] = request.Prompt };
        if (request.IsEdit)
        {
            var images = await ReferenceEncoder.UrlsOrDataUrisAsync(request.References, http, cancellationToken).ConfigureAwait(false);
            // One image goes as a string: SeedEdit documents a string, 4.x takes both.
            body["image"] = images.Count == 1 ? images[0] : new JsonArray([.. images.Select(i => (JsonNode)i)]);
        }

        // A preset as written, pixels as WxH (aspect ratios resolve to their pixels), or adaptive.
        body["size"] = request.Size.RequestText;
        if (request.Seed is { } seed)
        {
            body["seed"] = seed;
        }

        if (request.ImageCount > 1 && ark)
        {
            body["sequential_image_generation"] = "auto";
            body["sequential_image_generation_options"] = new JsonObject { ["max_images"] = request.ImageCount };
        }

        var options = request.Options;
        if (options.GuidanceScale is { } guidance)
        {
            body["guidance_scale"] = guidance;
        }

        if (options.ResponseFormat is { } format)
        {
            body["response_format"] = format;
        }

        // Ark stamps a watermark unless told not to, so the choice is always sent.
        body["watermark"] = options.Watermark;
        if (options.OptimizePromptMode is { } mode && ark)
        {
            body["optimize_prompt_options"] = new JsonObject { ["mode"] = mode };
        }

        if (options.OutputFormat is { } outputFormat && ark)
        {
            body["output_format"] = outputFormat;
        }

        return body;
    }

    /// <summary>Ark's <c>data[]</c> (also Ace Data's, whose URL field is <c>image_url</c>).</summary>
    public static IReadOnlyList<Results.WireImage> Images(JsonNode? data)
    {
        var list = new List<Results.WireImage>();
        if (data is not JsonArray array)
        {
            return list;
        }

        foreach (var item in array)
        {
            list.Add(Entry(item as JsonObject));
        }

        return list;
    }

    public static Results.WireImage Entry(JsonObject? item)
    {
        if (item?["error"] is JsonObject)
        {
            var (code, message) = ErrorBody.FromObject(item);
            return new Results.WireImage(null, null, null, code ?? "image_failed", message);
        }

        return new Results.WireImage(
            JsonTolerant.FirstString(item, "url", "image_url"),
            JsonTolerant.FirstString(item, "b64_json"),
            JsonTolerant.FirstString(item, "size"));
    }
}
