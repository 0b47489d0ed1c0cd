using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.AceData;

/// <summary>Ace Data's documented rules (seeds 000/001): it proxies Ark, so explicit WxH sizes get Ark's pixel limits.</summary>
internal static class AceDataRequestValidator
{
    public static AceDataRequest Validate(JsonObject body, SimulatorOptions options)
    {
        var action = JsonFields.OptionalString(body, "action") ?? "generate";
        if (action is not ("generate" or "edit"))
        {
            throw new SimRequestException(SimErrorKind.NotImplemented, $"The action '{action}' is not implemented.", "action");
        }

        var name = JsonFields.OptionalString(body, "model") ?? AceDataModels.Default;
        var (model, family) = AceDataModels.Resolve(name)
            ?? throw new SimRequestException(SimErrorKind.NotImplemented, $"The model '{name}' is not implemented.", "model");
        var prompt = JsonFields.RequiredString(body, "prompt");
        if (options.MaxPromptWords > 0 && prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > options.MaxPromptWords)
        {
            throw SimRequestException.Invalid("prompt", $"the prompt has more than {options.MaxPromptWords} words");
        }

        var images = JsonFields.StringOrArray(body, "image");
        foreach (var image in images)
        {
            ReferenceChecks.UrlOrDataUri("image", image);
        }

        if (family == SeedreamFamily.Seedream30T2I && images.Count > 0)
        {
            throw SimRequestException.Invalid("image", "doubao-seedream-3.0-t2i does not support image");
        }

        if (family == SeedreamFamily.SeedEdit30 && images.Count != 1)
        {
            throw images.Count == 0 ? SimRequestException.Missing("image") : SimRequestException.Invalid("image", "doubao-seededit-3.0-i2i takes a single image");
        }

        var takesSeed = family is SeedreamFamily.Seedream30T2I or SeedreamFamily.SeedEdit30;
        var seed = JsonFields.OptionalInteger(body, "seed");
        if (seed is < -1 or > 2147483647)
        {
            throw SimRequestException.Invalid("seed", "the range is [-1, 2147483647]");
        }

        if (JsonFields.OptionalNumber(body, "guidance_scale") is < 1 or > 10)
        {
            throw SimRequestException.Invalid("guidance_scale", "the range is [1, 10]");
        }

        var sequential = JsonFields.OptionalString(body, "sequential_image_generation") ?? "disabled";
        if (sequential is not ("auto" or "disabled"))
        {
            throw SimRequestException.Invalid("sequential_image_generation", "must be auto or disabled");
        }

        // sequential_image_generation_options (like optimize_prompt_options and output_format) is not in Ace Data's
        // reference (docs/provider-apis.md §2): not honoured here, so `auto` makes as many as the model may, 15 with
        // the inputs. A client that sends a cap and trusts it pays for the rest.
        var count = sequential == "auto" && !takesSeed ? 15 - images.Count : 1;

        var format = JsonFields.OptionalString(body, "response_format") ?? "url";
        if (format is not ("url" or "b64_json"))
        {
            throw SimRequestException.Invalid("response_format", "must be url or b64_json");
        }

        _ = JsonFields.OptionalBool(body, "watermark");
        _ = JsonFields.OptionalBool(body, "stream");
        var callback = JsonFields.OptionalString(body, "callback_url");
        if (callback is not null && !ReferenceChecks.IsHttpUrl(callback))
        {
            throw SimRequestException.Invalid("callback_url", "must be an http(s) URL");
        }

        var isAsync = (JsonFields.OptionalBool(body, "async") ?? false) || callback is not null;
        return new AceDataRequest(model, prompt, images, Size(body, family), takesSeed && seed is not (null or -1) ? seed : null, count, format == "b64_json", isAsync, callback);
    }

    private static PixelSize Size(JsonObject body, SeedreamFamily family)
    {
        var text = JsonFields.OptionalString(body, "size");
        if (family == SeedreamFamily.SeedEdit30)
        {
            return text is null or "adaptive" ? new PixelSize(1024, 1024) : throw SimRequestException.Invalid("size", "doubao-seededit-3.0-i2i supports adaptive only");
        }

        if (family == SeedreamFamily.Seedream30T2I)
        {
            var s = SizeRules.ParseExact("size", text ?? "1024x1024");
            return SizeRules.CheckArea("size", s, 512 * 512, 2048 * 2048, 2048);
        }

        // Ace Data documents 1K, 2K, 4K and adaptive for both 4.x models.
        text ??= "2048x2048";
        if (text.Equals("adaptive", StringComparison.OrdinalIgnoreCase))
        {
            return new PixelSize(2048, 2048);
        }

        if (text.ToUpperInvariant() is "1K" or "2K" or "4K")
        {
            return SizeRules.Preset(text)!.Value;
        }

        return SizeRules.CheckArea("size", SizeRules.ParseExact("size", text), family == SeedreamFamily.Seedream40 ? 921_600 : 3_686_400, 16_777_216);
    }
}
