using System.Text.Json.Nodes;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Kie;

/// <summary>The generation fields both KIE shapes share (top level on apiin.one, under <c>input</c> on KIE.ai).</summary>
internal static class KieInput
{
    public const string TextToImage = "seedream/4.5-text-to-image";
    public const string Edit = "seedream/4.5-edit";

    public static GenerationOrder Order(SimContext sim, SimCall call, string model, JsonObject input)
    {
        var normalized = model == "seedream-4-5" ? TextToImage : model;
        if (normalized is not (TextToImage or Edit))
        {
            throw new SimRequestException(SimErrorKind.ModelNotFound, $"Unknown model '{model}' (seedream/4.5-text-to-image, seedream/4.5-edit).", "model");
        }

        var prompt = JsonFields.RequiredString(input, "prompt");
        var size = KieSizes.Resolve(JsonFields.OptionalString(input, "aspect_ratio"), JsonFields.OptionalString(input, "quality"));
        var urls = JsonFields.StringOrArray(input, "image_urls");
        if (normalized == Edit && urls.Count == 0)
        {
            throw SimRequestException.Missing("image_urls");
        }

        if (urls.Count > 14 || urls.Any(u => !ReferenceChecks.IsHttpUrl(u)))
        {
            throw SimRequestException.Invalid("image_urls", "up to 14 http(s) URLs");
        }

        return new GenerationOrder("kie", call.ApiKey, call.Job, normalized, prompt, null, size.Width, size.Height, 1, "jpeg",
            sim.Prices.For("kie", normalized), normalized == Edit ? urls : []);
    }
}
