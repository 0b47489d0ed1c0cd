using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>Ark's documented request rules, per model generation (docs/provider-apis.md §1).</summary>
internal static class ArkRequestValidator
{
    public static ArkRequest Validate(JsonObject body, SimulatorOptions options)
    {
        var modelId = JsonFields.RequiredString(body, "model");
        var model = ArkModels.Resolve(modelId, options)
            ?? throw new SimRequestException(SimErrorKind.ModelNotFound, $"The model or endpoint {modelId} does not exist or you do not have access to it.", "model");
        var prompt = JsonFields.RequiredString(body, "prompt");
        if (options.MaxPromptWords > 0 && prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > options.MaxPromptWords)
        {
            throw SimRequestException.Invalid("prompt", $"the prompt has more than {options.MaxPromptWords} words");
        }

        var images = Images(body, model);
        var size = Size(body, model);
        var seed = SeedAndGuidance(body, model, options);
        var count = Count(body, model, images.Count);
        var stream = JsonFields.OptionalBool(body, "stream") ?? false;
        if (stream && !model.Sequential)
        {
            throw SimRequestException.Invalid("stream", "streaming is supported by Seedream 4.x, 5.0 lite and 5.0 Flash only");
        }

        var format = JsonFields.OptionalString(body, "response_format") ?? "url";
        if (format is not ("url" or "b64_json"))
        {
            throw SimRequestException.Invalid("response_format", "must be url or b64_json");
        }

        _ = JsonFields.OptionalBool(body, "watermark");
        if (JsonFields.OptionalObject(body, "optimize_prompt_options") is { } optimize)
        {
            var mode = JsonFields.OptionalString(optimize, "mode") ?? "standard";
            // fast is 4.0's only: 4.5 and 5.0 lite reject it (§1); the newer models are unconfirmed, so refused too (strict).
            if (mode is not ("standard" or "fast") || (mode == "fast" && model.Family != SeedreamFamily.Seedream40))
            {
                throw SimRequestException.Invalid("optimize_prompt_options.mode", mode == "fast" ? "fast is supported by Seedream 4.0 only" : "must be standard or fast");
            }
        }

        var output = "jpeg";
        if (JsonFields.OptionalString(body, "output_format") is { } of)
        {
            // 5.0 lite only (§1); unconfirmed for 5.0 Pro and Flash, so refused there (strict).
            output = model.Family != SeedreamFamily.Seedream50Lite
                ? throw SimRequestException.Invalid("output_format", "output_format is supported by Seedream 5.0 lite only")
                : of is "png" or "jpeg" ? of : throw SimRequestException.Invalid("output_format", "must be png or jpeg");
        }

        return new ArkRequest(model, prompt, images, size, seed, count, stream, format == "b64_json", output);
    }

    private static IReadOnlyList<string> Images(JsonObject body, ArkModel model)
    {
        var images = JsonFields.StringOrArray(body, "image");
        foreach (var image in images)
        {
            ReferenceChecks.UrlOrDataUri("image", image);
        }

        switch (model.Family)
        {
            case SeedreamFamily.Seedream30T2I when images.Count > 0:
                throw SimRequestException.Invalid("image", "Seedream 3.0 t2i does not take reference images");
            case SeedreamFamily.SeedEdit30 when images.Count == 0:
                throw SimRequestException.Missing("image");
            case SeedreamFamily.SeedEdit30 when images.Count > 1:
                throw SimRequestException.Invalid("image", "SeedEdit 3.0 takes exactly one image");
            case SeedreamFamily.Seedream50Pro when images.Count > 10:
                throw SimRequestException.Invalid("image", "Seedream 5.0 Pro takes at most 10 reference images");
            case not (SeedreamFamily.Seedream30T2I or SeedreamFamily.SeedEdit30) when images.Count > 14:
                throw SimRequestException.Invalid("image", "at most 14 reference images");
        }

        return images;
    }

    private static PixelSize Size(JsonObject body, ArkModel model)
    {
        var text = JsonFields.OptionalString(body, "size");
        switch (model.Family)
        {
            case SeedreamFamily.SeedEdit30:
                // Adaptive follows the input's aspect; the simulator cannot see the input, so it draws 1024².
                return text is null or "adaptive" ? new PixelSize(1024, 1024) : throw SimRequestException.Invalid("size", "SeedEdit 3.0 supports adaptive only");
            case SeedreamFamily.Seedream30T2I:
                var s = SizeRules.ParseExact("size", text ?? "1024x1024");
                return s.Width is >= 512 and <= 2048 && s.Height is >= 512 and <= 2048
                    ? s
                    : throw SimRequestException.Invalid("size", $"{s} is outside [512x512, 2048x2048]");
        }

        text ??= "2048x2048";
        string[] presets = model.Family switch
        {
            SeedreamFamily.Seedream45 => ["2K", "4K"],
            SeedreamFamily.Seedream40 => ["1K", "2K", "4K"],
            SeedreamFamily.Seedream50Pro => ["1K", "1.5K", "2K"],
            // 5.0 lite: 2K, 3K and now 4K (§1 "Newer models"); Flash unconfirmed: only what lite had before.
            SeedreamFamily.Seedream50Lite => ["2K", "3K", "4K"],
            _ => ["2K", "3K"],
        };
        if (presets.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return SizeRules.Preset(text)!.Value;
        }

        if (model.Family == SeedreamFamily.Seedream50Pro)
        {
            return SizeRules.CheckArea("size", SizeRules.ParseExact("size", text), 921_600, 4_624_220);
        }

        if (SizeRules.Preset(text) is not null)
        {
            throw SimRequestException.Invalid("size", $"{text} is not offered by this model ({string.Join(", ", presets)} or WxH)");
        }

        var min = model.Family == SeedreamFamily.Seedream40 ? 921_600 : 3_686_400;
        return SizeRules.CheckArea("size", SizeRules.ParseExact("size", text), min, 16_777_216);
    }

    private static long? SeedAndGuidance(JsonObject body, ArkModel model, SimulatorOptions options)
    {
        var seed = JsonFields.OptionalInteger(body, "seed");
        var guidance = JsonFields.OptionalNumber(body, "guidance_scale");
        if (!model.TakesSeed)
        {
            if (options.ArkRejectUnsupportedSeed && seed is not null)
            {
                throw SimRequestException.Invalid("seed", "this model does not support seed");
            }

            if (options.ArkRejectUnsupportedSeed && guidance is not null)
            {
                throw SimRequestException.Invalid("guidance_scale", "this model does not support guidance_scale");
            }

            return null;
        }

        if (seed is < -1 or > 2147483647)
        {
            throw SimRequestException.Invalid("seed", "must be in [-1, 2147483647]");
        }

        if (guidance is < 1 or > 10)
        {
            throw SimRequestException.Invalid("guidance_scale", "must be in [1, 10]");
        }

        // -1 (the default) means "pick one at random": the picture varies.
        return seed is null or -1 ? null : seed;
    }

    private static int Count(JsonObject body, ArkModel model, int references)
    {
        var mode = JsonFields.OptionalString(body, "sequential_image_generation") ?? "disabled";
        if (mode is not ("auto" or "disabled"))
        {
            throw SimRequestException.Invalid("sequential_image_generation", "must be auto or disabled");
        }

        if (mode == "disabled")
        {
            return 1;
        }

        if (!model.Sequential)
        {
            throw SimRequestException.Invalid("sequential_image_generation", "supported by Seedream 4.x, 5.0 lite and 5.0 Flash only");
        }

        var options = JsonFields.OptionalObject(body, "sequential_image_generation_options");
        var max = options is null ? null : JsonFields.OptionalInteger(options, "max_images");
        if (max is < 1 or > 15)
        {
            throw SimRequestException.Invalid("sequential_image_generation_options.max_images", "must be in [1, 15]");
        }

        if (references + (max ?? 0) > 15)
        {
            throw SimRequestException.Invalid("sequential_image_generation_options.max_images", "reference images plus generated images must not exceed 15");
        }

        return (int)(max ?? 15 - references);
    }
}
