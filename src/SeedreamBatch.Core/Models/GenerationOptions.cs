namespace SeedreamBatch.Core.Models;

/// <summary>Per-request knobs beyond prompt, size, seed and references. Null means "do not send".</summary>
public sealed record GenerationOptions
{
    /// <summary>Whether the provider stamps its "AI generated" mark. Ark defaults to true; we always send it.</summary>
    public bool Watermark { get; init; }

    /// <summary>Prompt adherence, [1, 10]; only Seedream 3.0 t2i and SeedEdit 3.0 take it.</summary>
    public double? GuidanceScale { get; init; }

    /// <summary><c>url</c> (default) or <c>b64_json</c> where the dialect offers both.</summary>
    public string? ResponseFormat { get; init; }

    /// <summary>Ask for Server-Sent Events (Ark 4.x), so each image can be downloaded as soon as it exists.</summary>
    public bool Stream { get; init; }

    /// <summary>Ark <c>optimize_prompt_options.mode</c>: <c>standard</c> or <c>fast</c>.</summary>
    public string? OptimizePromptMode { get; init; }

    /// <summary>Seedream 5.0: <c>png</c> or <c>jpeg</c>.</summary>
    public string? OutputFormat { get; init; }

    public static GenerationOptions Default { get; } = new();
}
