using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary>One entry of <c>outputs.variants</c> as written; mapped to the imaging recipe when the run is built.</summary>
public sealed record VariantSection
{
    public required string Name { get; init; }

    public required SourceLocation Location { get; init; }

    /// <summary><c>keep</c> (the downloaded bytes untouched), <c>jpeg</c>, <c>png</c>, <c>webp</c> or <c>avif</c>.</summary>
    public string Format { get; init; } = "keep";

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary><c>cover</c>, <c>contain</c>, <c>inside</c> (default) or <c>fill</c>.</summary>
    public string? Fit { get; init; }

    /// <summary><c>centre</c> (default) or <c>attention</c>; used with <c>fit: cover</c>.</summary>
    public string? Crop { get; init; }

    public int? Quality { get; init; }

    public int? Effort { get; init; }

    public string? Background { get; init; }

    /// <summary>Apply the <c>outputs.watermark</c> to this variant (default: true when a watermark is set, except for keep).</summary>
    public bool? Watermark { get; init; }
}
