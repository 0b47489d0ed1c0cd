using System.Collections.Frozen;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Capabilities;

/// <summary>
/// Which models each dialect offers and what they can do. Facts from docs/provider-apis.md; where a
/// source is silent the value is the strictest documented for the same model on Ark.
/// </summary>
public static class CapabilityTable
{
    private static readonly FrozenSet<string> NoPresets = FrozenSet<string>.Empty;

    // Ark limits per model (ModelArk documentation; docs/provider-apis.md §1 "Sizes").
    private static readonly SizeRules Ark45Sizes = new() { Presets = Set("2K", "4K"), MinPixels = 3_686_400 };
    private static readonly SizeRules Ark40Sizes = new() { Presets = Set("1K", "2K", "4K"), MinPixels = 921_600 };

    // 5.0 lite: 2K and 3K, and now 4K, up to 16,777,216 px (§1 "Newer models").
    private static readonly SizeRules Ark50LiteSizes = new() { Presets = Set("2K", "3K", "4K"), MinPixels = 3_686_400 };

    // 5.0 Pro: 1K/1.5K/2K, 921,600–4,624,220 px (§1 "Newer models", secondary sources).
    private static readonly SizeRules Ark50ProSizes = new() { Presets = Set("1K", "1.5K", "2K"), MinPixels = 921_600, MaxPixels = 4_624_220 };
    private static readonly SizeRules Ark30Sizes = new()
    {
        Presets = NoPresets, MinSide = 512, MaxSide = 2048, MinPixels = 0, MaxPixels = 2048L * 2048, DefaultSize = "1024x1024",
    };

    private static readonly SizeRules AdaptiveOnly = new() { AdaptiveOnly = true, DefaultSize = "adaptive" };

    private static readonly FrozenDictionary<(ProviderDialect, SeedreamModel), ModelCapabilities> Entries = Build();

    public static IEnumerable<ModelCapabilities> All => Entries.Values.OrderBy(c => c.Dialect).ThenBy(c => c.Model);

    /// <summary>The model's capabilities on the dialect, or null when the dialect does not offer it.</summary>
    public static ModelCapabilities? Find(ProviderDialect dialect, SeedreamModel model) =>
        Entries.GetValueOrDefault((dialect, model));

    public static IEnumerable<SeedreamModel> ModelsOf(ProviderDialect dialect) =>
        Entries.Keys.Where(k => k.Item1 == dialect).Select(k => k.Item2).Order();

    private static FrozenDictionary<(ProviderDialect, SeedreamModel), ModelCapabilities> Build()
    {
        var list = new List<ModelCapabilities>();
        list.AddRange(ArkLike(ProviderDialect.Ark));
        list.AddRange(ArkLike(ProviderDialect.AceData));
        list.AddRange(OpenAICompatible());
        list.AddRange(Sinan());
        list.Add(Kie());
        list.AddRange(Fal());
        list.Add(Replicate());
        return list.ToFrozenDictionary(c => (c.Dialect, c.Model));
    }

    /// <summary>
    /// Ark, and Ace Data Cloud which proxies it with the same fields and full model ids. Ark's international host
    /// (BytePlus) takes ids without <c>doubao-</c>, the China host (Volcengine) with it, for every model (§1 "Model ids":
    /// ark-cli arkcli-gen, BytePlus AI solution samples, celeste-python byteplus models).
    /// </summary>
    private static IEnumerable<ModelCapabilities> ArkLike(ProviderDialect dialect)
    {
        var ark = dialect == ProviderDialect.Ark;
        var source = ark ? "ModelArk docs (docs/provider-apis.md §1)" : "Ace Data Cloud Seedream reference, seeds 000/001 (docs/provider-apis.md §2)";

        // Ark sends optimize_prompt_options; Ace Data's reference has no such field (§2), so it is not sent there.
        IReadOnlySet<string>? Modes(params string[] modes) => ark ? Set(modes) : null;
        ModelCapabilities Seedream4(SeedreamModel model, string id, string chinaId, SizeRules sizes, IReadOnlySet<string>? modes, bool outputFormat = false) => new()
        {
            Dialect = dialect, Model = model, ModelId = ark ? id : chinaId, ChinaModelId = ark ? chinaId : null,
            Sizes = sizes, MaxReferences = 14, MaxInputsPlusOutputs = 15,
            // Ace Data documents no sequential_image_generation_options, so nothing caps a group: with `auto` the model
            // may make (and bill) up to 15 images. One image per request there (§2).
            MaxImagesPerRequest = ark ? 15 : 1,
            ImageCountNote = ark ? null : "Ace Data's reference has no sequential_image_generation_options to cap a group, so a group could bill up to 15 images",
            SupportsStreaming = ark, SupportsResponseFormat = true, AdvisedPromptWords = 600,
            OptimizePromptModes = modes, SendsOutputFormat = ark, TakesOutputFormat = outputFormat, Source = source,
        };

        yield return Seedream4(SeedreamModel.Seedream45, "seedream-4-5-251128", "doubao-seedream-4-5-251128", Ark45Sizes, Modes("standard"));
        yield return Seedream4(SeedreamModel.Seedream40, "seedream-4-0-250828", "doubao-seedream-4-0-250828", Ark40Sizes, Modes("standard", "fast"));
        if (ark)
        {
            yield return Seedream4(SeedreamModel.Seedream50Lite, "seedream-5-0-260128", "doubao-seedream-5-0-260128", Ark50LiteSizes, Modes("standard"), outputFormat: true);
            yield return new ModelCapabilities
            {
                // One id for both regions: no China id is published. No stream, no sequential output, ≤ 10 references.
                Dialect = dialect, Model = SeedreamModel.Seedream50Pro, ModelId = "dola-seedream-5-0-pro-260628",
                Sizes = Ark50ProSizes, MaxReferences = 10, MaxImagesPerRequest = 1,
                ImageCountNote = "Seedream 5.0 Pro has no sequential output",
                SupportsResponseFormat = true, AdvisedPromptWords = 600, OptimizePromptModes = Modes("standard"), SendsOutputFormat = true,
                Source = "secondary sources, unconfirmed (docs/provider-apis.md §1 \"Newer models\")",
            };

            // Only the id is published (a reseller); limits taken from 5.0 lite until confirmed.
            var flash = Seedream4(SeedreamModel.Seedream50Flash, "seedream-5-0-flash-260915", "seedream-5-0-flash-260915", Ark50LiteSizes, Modes("standard"));
            yield return flash with { ChinaModelId = null, Source = "id from a reseller; limits assumed equal to 5.0 lite, unconfirmed (docs/provider-apis.md §1)" };
        }

        yield return new ModelCapabilities
        {
            Dialect = dialect, Model = SeedreamModel.Seedream30T2I, ModelId = ark ? "seedream-3-0-t2i-250415" : "doubao-seedream-3-0-t2i-250415",
            ChinaModelId = ark ? "doubao-seedream-3-0-t2i-250415" : null,
            Sizes = Ark30Sizes, AcceptsSeed = true, AcceptsGuidance = true, MaxReferences = 0,
            SupportsResponseFormat = true, AdvisedPromptWords = 600, OptimizePromptModes = Modes("standard"), SendsOutputFormat = ark, Source = source,
        };
        yield return new ModelCapabilities
        {
            Dialect = dialect, Model = SeedreamModel.SeedEdit30, ModelId = ark ? "seededit-3-0-i2i-250628" : "doubao-seededit-3-0-i2i-250628",
            ChinaModelId = ark ? "doubao-seededit-3-0-i2i-250628" : null,
            Sizes = AdaptiveOnly, AcceptsSeed = true, AcceptsGuidance = true, MinReferences = 1, MaxReferences = 1,
            SupportsResponseFormat = true, AdvisedPromptWords = 600, OptimizePromptModes = Modes("standard"), SendsOutputFormat = ark, Source = source,
        };
    }

    private static IEnumerable<ModelCapabilities> OpenAICompatible()
    {
        ModelCapabilities Entry(SeedreamModel model, string id, long minPixels) => new()
        {
            Dialect = ProviderDialect.OpenAICompatible, Model = model, ModelId = id,
            Sizes = new SizeRules { Presets = NoPresets, MinPixels = minPixels, MaxSide = 4096 },
            MaxReferences = 10, ReferencesMustBeUrls = true, MaxImagesPerRequest = 6, MaxInputsPlusOutputs = 15,
            Source = "OpenAI-compatible gateway reference, seed 002 (docs/provider-apis.md §3)",
        };

        yield return Entry(SeedreamModel.Seedream40, "seedream-4.0", 921_600);
        yield return Entry(SeedreamModel.Seedream45, "seedream-4.5", 3_686_400);
        yield return Entry(SeedreamModel.Seedream50Lite, "seedream-5.0-lite", 3_686_400);
    }

    private static IEnumerable<ModelCapabilities> Sinan()
    {
        ModelCapabilities Entry(SeedreamModel model, string id, SizeRules sizes) => new()
        {
            Dialect = ProviderDialect.Sinan, Model = model, ModelId = id, Sizes = sizes,
            MaxReferences = 14, ReferencesMustBeUrls = true, MaxImagesPerRequest = 15, MaxInputsPlusOutputs = 15,
            MaxPromptCharacters = 2000, Source = "seed 003 and docs.sinancode.com …/endpoint/seedream (docs/provider-apis.md §4)",
        };

        yield return Entry(SeedreamModel.Seedream40, "4.0", Ark40Sizes with { Presets = Set("2K", "4K") });
        yield return Entry(SeedreamModel.Seedream45, "4.5", Ark45Sizes);
        // Sinan offers 2K and 3K for 5.0 lite (seed 003), not Ark's newer 4K.
        yield return Entry(SeedreamModel.Seedream50Lite, "5.0-lite", Ark50LiteSizes with { Presets = Set("2K", "3K") });
    }

    private static ModelCapabilities Kie() => new()
    {
        Dialect = ProviderDialect.Kie, Model = SeedreamModel.Seedream45,
        ModelId = "seedream/4.5-text-to-image", EditModelId = "seedream/4.5-edit",
        // quality basic = 2K, high = 4K; the ratio list is the documented one.
        Sizes = new SizeRules
        {
            Presets = Set("2K", "4K"), AspectRatioNames = Set("1:1", "4:3", "3:4", "16:9", "9:16", "2:3", "3:2", "21:9"),
            DefaultSize = "1:1",
        },
        MaxReferences = 14, ReferencesMustBeUrls = true, MaxImagesPerRequest = 1,
        Source = "apiin.one Seedream 4.5 page, seed 004 (docs/provider-apis.md §5)",
    };

    /// <summary>
    /// fal.ai queue (docs/provider-apis.md §6): <c>image_size</c> as <c>{width,height}</c> (v4: 960²–4096² px; v4.5 and
    /// v5 lite: their Ark minimum, unconfirmed on fal), <c>num_images</c> 1–6, <c>image_urls</c> for edits.
    /// </summary>
    private static IEnumerable<ModelCapabilities> Fal()
    {
        ModelCapabilities Entry(SeedreamModel model, string id, long minPixels) => new()
        {
            Dialect = ProviderDialect.Fal, Model = model, ModelId = id + "/text-to-image", EditModelId = id + "/edit",
            Sizes = new SizeRules { Presets = NoPresets, MinPixels = minPixels, MaxSide = 4096 },
            AcceptsSeed = true, MaxReferences = 10, ReferencesMustBeUrls = true, MaxImagesPerRequest = 6, MaxInputsPlusOutputs = 15,
            Source = "fal.ai model pages and queue docs (docs/provider-apis.md §6)",
        };

        yield return Entry(SeedreamModel.Seedream40, "fal-ai/bytedance/seedream/v4", 921_600);
        yield return Entry(SeedreamModel.Seedream45, "fal-ai/bytedance/seedream/v4.5", 3_686_400);
        yield return Entry(SeedreamModel.Seedream50Lite, "fal-ai/bytedance/seedream/v5/lite", 3_686_400);
    }

    /// <summary>
    /// Replicate <c>bytedance/seedream-4</c> (docs/provider-apis.md §6): <c>size</c> 1K/2K/4K or custom width/height
    /// 1024–4096 each, <c>max_images</c> 1–15 with sequential generation, <c>image_input</c> 1–10.
    /// </summary>
    private static ModelCapabilities Replicate() => new()
    {
        Dialect = ProviderDialect.Replicate, Model = SeedreamModel.Seedream40, ModelId = "bytedance/seedream-4",
        Sizes = new SizeRules { Presets = Set("1K", "2K", "4K"), MinSide = 1024, MaxSide = 4096, MinPixels = 1024L * 1024 },
        MaxReferences = 10, ReferencesMustBeUrls = true, MaxImagesPerRequest = 15, MaxInputsPlusOutputs = 15,
        Source = "Replicate bytedance/seedream-4 API page (docs/provider-apis.md §6)",
    };

    private static FrozenSet<string> Set(params string[] values) => values.ToFrozenSet(StringComparer.Ordinal);
}
