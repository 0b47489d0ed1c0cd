namespace SeedreamBatch.Core.Variants;

/// <summary>
/// One output file made from each generated image (manifest: an entry of <c>outputs.variants</c>).
/// Immutable; the manifest loader builds it and reports <see cref="Validate"/>'s problems with locations.
/// </summary>
public sealed record VariantSpec
{
    /// <summary>Largest width or height accepted; WebP's hard limit, and far beyond any web image.</summary>
    public const int MaxDimension = 16383;

    /// <summary>The variant's key in <c>outputs.variants</c> (for example <c>thumb</c>); letters, digits, '-' and '_'.</summary>
    public required string Name { get; init; }

    /// <summary><c>format</c>. Default <see cref="VariantFormat.Jpeg"/>.</summary>
    public VariantFormat Format { get; init; } = VariantFormat.Jpeg;

    /// <summary><c>width</c> in pixels; null lets the height (or the source) decide.</summary>
    public int? Width { get; init; }

    /// <summary><c>height</c> in pixels; null lets the width (or the source) decide.</summary>
    public int? Height { get; init; }

    /// <summary><c>fit</c>. Default <see cref="VariantFit.Inside"/>; the others need both width and height.</summary>
    public VariantFit Fit { get; init; } = VariantFit.Inside;

    /// <summary><c>crop</c>, used by <see cref="VariantFit.Cover"/> only. Default <see cref="VariantCrop.Centre"/>.</summary>
    public VariantCrop Crop { get; init; } = VariantCrop.Centre;

    /// <summary>
    /// <c>quality</c> 1..100. Null uses the encoder's default (JPEG 75, WebP 75, AVIF 50). For PNG a quality
    /// turns on palette quantisation at that quality (PNG is otherwise lossless).
    /// </summary>
    public int? Quality { get; init; }

    /// <summary>
    /// <c>effort</c>: CPU spent to shrink the file. WebP 0..6 (default 4), AVIF 0..9 (default 4),
    /// PNG 0..9 = zlib level (default 6). JPEG has none.
    /// </summary>
    public int? Effort { get; init; }

    /// <summary><c>background</c>: padding for <see cref="VariantFit.Contain"/> and the colour alpha is flattened onto for JPEG. Default white.</summary>
    public RgbColour Background { get; init; } = RgbColour.White;

    /// <summary><c>strip_metadata</c>: drop EXIF, XMP, IPTC, ICC and text chunks. Default true (AI-generated images carry nothing a shop wants to publish).</summary>
    public bool StripMetadata { get; init; } = true;

    /// <summary><c>provenance</c>: write model, prompt, seed and job key into the file (XMP; PNG text too). Default false.</summary>
    public bool Provenance { get; init; }

    /// <summary><c>watermark</c>: optional brand mark. Default none.</summary>
    public WatermarkSpec? Watermark { get; init; }

    /// <summary>True when the output is the downloaded bytes as they are.</summary>
    public bool IsPassThrough => Format == VariantFormat.Keep;

    /// <summary>Problems with this recipe, as human-readable sentences; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name) || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            problems.Add($"variant name '{Name}' must be non-empty and use only letters, digits, '-' and '_'");
        }

        if (!Enum.IsDefined(Format))
        {
            problems.Add($"format {(int)Format} is not one of keep, jpeg, png, webp, avif");
            return problems;
        }

        if (Format == VariantFormat.Keep)
        {
            AddKeepProblems(problems);
            return problems;
        }

        AddSizeProblems(problems);
        AddEncoderProblems(problems);
        if (Watermark is not null)
        {
            problems.AddRange(Watermark.Validate());
        }

        return problems;
    }

    private void AddKeepProblems(List<string> problems)
    {
        var ignored = new List<string>();
        if (Width is not null) ignored.Add("width");
        if (Height is not null) ignored.Add("height");
        if (Fit != VariantFit.Inside) ignored.Add("fit");
        if (Crop != VariantCrop.Centre) ignored.Add("crop");
        if (Quality is not null) ignored.Add("quality");
        if (Effort is not null) ignored.Add("effort");
        if (Watermark is not null) ignored.Add("watermark");
        if (Provenance) ignored.Add("provenance");
        if (ignored.Count > 0)
        {
            problems.Add($"format 'keep' stores the downloaded bytes untouched, so {string.Join(", ", ignored)} cannot apply; use jpeg, png, webp or avif");
        }
    }

    private void AddSizeProblems(List<string> problems)
    {
        foreach ((string field, int? value) in new[] { ("width", Width), ("height", Height) })
        {
            if (value is int size && (size <= 0 || size > MaxDimension))
            {
                problems.Add($"{field} must be between 1 and {MaxDimension} pixels, got {size}");
            }
        }

        if (!Enum.IsDefined(Fit))
        {
            problems.Add($"fit {(int)Fit} is not one of cover, contain, inside, fill");
        }
        else if (Fit != VariantFit.Inside && (Width is null || Height is null))
        {
            problems.Add($"fit '{Fit.ToString().ToLowerInvariant()}' needs both width and height");
        }

        if (!Enum.IsDefined(Crop))
        {
            problems.Add($"crop {(int)Crop} is not one of centre, attention");
        }
        else if (Crop != VariantCrop.Centre && Fit != VariantFit.Cover)
        {
            problems.Add("crop only applies with fit 'cover'");
        }
    }

    private void AddEncoderProblems(List<string> problems)
    {
        if (Quality is int quality && (quality < 1 || quality > 100))
        {
            problems.Add($"quality must be between 1 and 100, got {quality}");
        }

        if (Effort is not int effort)
        {
            return;
        }

        (int min, int max)? range = Format switch
        {
            VariantFormat.Webp => (0, 6),
            VariantFormat.Avif => (0, 9),
            VariantFormat.Png => (0, 9),
            _ => null,
        };
        if (range is null)
        {
            problems.Add($"effort does not apply to {Format.ToString().ToLowerInvariant()}");
        }
        else if (effort < range.Value.min || effort > range.Value.max)
        {
            problems.Add($"effort for {Format.ToString().ToLowerInvariant()} must be between {range.Value.min} and {range.Value.max}, got {effort}");
        }
    }
}
