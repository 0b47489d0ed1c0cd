using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Capabilities;

/// <summary>What one model can do on one dialect, from docs/provider-apis.md. Checked before any paid call.</summary>
public sealed record ModelCapabilities
{
    public required ProviderDialect Dialect { get; init; }

    public required SeedreamModel Model { get; init; }

    /// <summary>The id sent in the request's <c>model</c> field (international region for Ark).</summary>
    public required string ModelId { get; init; }

    /// <summary>The id on Ark's China region (<c>ark.cn-beijing.volces.com</c>); null where the same id serves.</summary>
    public string? ChinaModelId { get; init; }

    /// <summary>The id used for edit mode where the dialect names a separate model (KIE: <c>seedream/4.5-edit</c>).</summary>
    public string? EditModelId { get; init; }

    public required SizeRules Sizes { get; init; }

    /// <summary>The model honours <c>seed</c>. Elsewhere a seed is not sent and outputs vary.</summary>
    public bool AcceptsSeed { get; init; }

    /// <summary>The model takes <c>guidance_scale</c> in [1, 10].</summary>
    public bool AcceptsGuidance { get; init; }

    public int MinReferences { get; init; }

    public int MaxReferences { get; init; }

    /// <summary>References must be URLs: the dialect has no way to upload a local file.</summary>
    public bool ReferencesMustBeUrls { get; init; }

    /// <summary>Largest number of images one request may ask for.</summary>
    public int MaxImagesPerRequest { get; init; } = 1;

    /// <summary>Input references + generated images may not exceed this (15 on Seedream 4.x).</summary>
    public int MaxInputsPlusOutputs { get; init; } = 15;

    public bool SupportsStreaming { get; init; }

    public bool SupportsResponseFormat { get; init; }

    /// <summary>Hard prompt limit in characters; null when the provider documents none.</summary>
    public int? MaxPromptCharacters { get; init; }

    /// <summary>Advisory prompt length in words: longer prompts work but lose detail (Ark: ~600).</summary>
    public int? AdvisedPromptWords { get; init; }

    /// <summary>
    /// <c>optimize_prompt_options.mode</c> values the model takes; null when the dialect has no way to send the field
    /// (then asking for it is a warning and it is not sent).
    /// </summary>
    public IReadOnlySet<string>? OptimizePromptModes { get; init; }

    /// <summary>Whether the dialect can send <c>output_format</c> at all (Ark only: not in the gateways' references).</summary>
    public bool SendsOutputFormat { get; init; }

    /// <summary>The model takes <c>output_format</c> png|jpeg (Seedream 5.0 lite on Ark).</summary>
    public bool TakesOutputFormat { get; init; }

    /// <summary>Why <see cref="MaxImagesPerRequest"/> is what it is, when that is not obvious (shown in the refusal).</summary>
    public string? ImageCountNote { get; init; }

    /// <summary>Where these limits come from and when they were read (shown by <c>plan</c>).</summary>
    public string Source { get; init; } = "docs/provider-apis.md";

    /// <summary>The date the limits were read (ISO 8601).</summary>
    public string AsOf { get; init; } = "2026-12-02";

    /// <summary>The id to send for this request: China-region or edit ids where they differ.</summary>
    public string ModelIdFor(bool chinaRegion, bool isEdit) =>
        isEdit && EditModelId is not null ? EditModelId
        : chinaRegion && ChinaModelId is not null ? ChinaModelId
        : ModelId;
}
