using System.Text.Json;

namespace SeedreamBatch.Core.Jobs;

/// <summary>The property names of the canonical request JSON (<see cref="JobKeys"/>), encoded once.</summary>
internal static class CanonicalNames
{
    public static readonly JsonEncodedText V = JsonEncodedText.Encode("v");
    public static readonly JsonEncodedText Dialect = JsonEncodedText.Encode("dialect");
    public static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
    public static readonly JsonEncodedText Prompt = JsonEncodedText.Encode("prompt");
    public static readonly JsonEncodedText Size = JsonEncodedText.Encode("size");
    public static readonly JsonEncodedText Seed = JsonEncodedText.Encode("seed");
    public static readonly JsonEncodedText RequestedSeed = JsonEncodedText.Encode("requested_seed");
    public static readonly JsonEncodedText References = JsonEncodedText.Encode("references");
    public static readonly JsonEncodedText Images = JsonEncodedText.Encode("images");
    public static readonly JsonEncodedText Options = JsonEncodedText.Encode("options");
    public static readonly JsonEncodedText Watermark = JsonEncodedText.Encode("watermark");
    public static readonly JsonEncodedText GuidanceScale = JsonEncodedText.Encode("guidance_scale");
    public static readonly JsonEncodedText OptimizePrompt = JsonEncodedText.Encode("optimize_prompt");
    public static readonly JsonEncodedText OutputFormat = JsonEncodedText.Encode("output_format");
    public static readonly JsonEncodedText Repeat = JsonEncodedText.Encode("repeat");
}
