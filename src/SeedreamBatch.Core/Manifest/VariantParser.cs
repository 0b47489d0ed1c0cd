using System.Text.RegularExpressions;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Variants;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Reads <c>outputs.watermark</c> and <c>outputs.variants</c> into the <see cref="WatermarkSpec"/> and
/// <see cref="VariantSpec"/>s the imaging library takes, with every problem located at its variant, and the
/// processing key of the recipe as written.
/// </summary>
internal sealed partial class VariantParser(YamlReader reader)
{
    /// <summary>The variant the engine writes itself: the download, as it came.</summary>
    public const string Original = "original";

    public static IReadOnlyList<string> Formats { get; } = ["keep", "jpeg", "png", "webp", "avif"];

    public static IReadOnlyList<string> Fits { get; } = ["cover", "contain", "inside", "fill"];

    public static IReadOnlyList<string> Crops { get; } = ["centre", "attention"];

    public static IReadOnlyList<string> Gravities { get; } =
        ["north-west", "north", "north-east", "west", "centre", "east", "south-west", "south", "south-east"];

    /// <summary>The recipe as the manifest wrote it, part by part, for <see cref="ProcessingKeys"/> (see <see cref="ProcessingKey"/>).</summary>
    private readonly List<(string Name, string Json)> _keyParts = [];
    private string? _watermarkKey;

    /// <summary>
    /// What <see cref="VariantSpec.Validate"/> and <see cref="WatermarkSpec.Validate"/> found. Reported only when the
    /// parser found nothing else: after a parser error they would repeat it in other words.
    /// </summary>
    public List<Diagnostic> RecipeProblems { get; } = [];

    /// <summary><c>outputs.watermark.margin</c>: a fraction of each output's width (0 without a watermark).</summary>
    public double WatermarkMargin { get; private set; }

    /// <summary>The processing key of what <see cref="ParseWatermark"/> and <see cref="ParseVariants"/> read.</summary>
    public string ProcessingKey(bool stripMetadata, ProvenanceSpec provenance) => ProcessingKeys.Compute(stripMetadata, provenance, _keyParts, _watermarkKey);

    /// <summary>
    /// <c>outputs.variants</c> (null: the default, the download kept as it came) as the specs the imaging library
    /// takes. The engine itself keeps the download as variant <c>original</c>, so <c>original: { format: keep }</c> is
    /// left out rather than written twice; a keep variant under another name is a byte copy made by the imaging library.
    /// </summary>
    public List<VariantSpec> ParseVariants(YamlNode? node, WatermarkSpec? watermark, bool stripMetadata, ProvenanceSpec provenance)
    {
        var specs = new List<VariantSpec>();
        if (node is null)
        {
            _keyParts.Add((Original, ProcessingKeys.Variant(Original, "keep", null, null, null, null, null, null, null, null)));
            return specs;
        }

        foreach (var (key, value) in reader.Entries(node, "outputs.variants") ?? [])
        {
            var name = key.Value!;
            if (!VariantNamePattern().IsMatch(name))
            {
                reader.Error(key, $"variant name '{name}' may hold only lower-case letters, digits, '_' and '-' (it becomes part of file names)");
                continue;
            }

            var what = $"outputs.variants.{name}";
            var f = reader.Fields(value, what, ManifestKeys.Variant);
            if (f is null)
            {
                continue;
            }

            int? Int(string k, int min, int max) => f.TryGetValue(k, out var n) ? reader.Int(n, $"{what}.{k}", min, max) : null;
            string? Choice(string k, IReadOnlyList<string> choices) => f.TryGetValue(k, out var n) ? reader.OneOf(n, $"{what}.{k}", choices) : null;

            var format = Choice("format", Formats) ?? "keep";
            var (width, height, quality, effort) = (Int("width", 1, 16384), Int("height", 1, 16384), Int("quality", 1, 100), Int("effort", 0, 9));
            var (fit, crop) = (Choice("fit", Fits), Choice("crop", Crops));
            var background = f.TryGetValue("background", out var bg) ? ParseColour(bg, $"{what}.background") : null;
            bool? watermarked = f.TryGetValue("watermark", out var wm) ? reader.Bool(wm, $"{what}.watermark") : null;
            _keyParts.Add((name, ProcessingKeys.Variant(name, format, width, height, fit, crop, quality, effort, background, watermarked)));
            if (!f.TryGetValue("format", out var formatNode) || reader.Diagnostics.All(d => d.Location != reader.At(formatNode)))
            {
                CheckVariant(what, format, width, height, fit, crop, quality, f, key);
            }

            var keep = format == "keep";
            if (keep && name == Original)
            {
                continue;
            }

            var spec = new VariantSpec
            {
                Name = name,
                Format = ManifestEnum.TryParse<VariantFormat>(format, out var parsed) ? parsed.Value : VariantFormat.Keep,
                Width = width,
                Height = height,
                Fit = fit is not null && ManifestEnum.TryParse<VariantFit>(fit, out var parsedFit) ? parsedFit.Value : VariantFit.Inside,
                Crop = crop is not null && ManifestEnum.TryParse<VariantCrop>(crop, out var parsedCrop) ? parsedCrop.Value : VariantCrop.Centre,
                Quality = quality,
                Effort = effort,
                Background = background is not null && RgbColour.TryParse(background, out var colour) ? colour : RgbColour.White,
                StripMetadata = stripMetadata,
                Provenance = provenance.WritesAnything && !keep,
                // A watermark applies to processed variants unless the variant opts out; keep is never touched.
                Watermark = !keep && (watermarked ?? true) ? watermark : null,
            };
            RecipeProblems.AddRange(spec.Validate().Select(p => Diagnostic.Error(reader.At(key), $"{what}: {p}")));
            specs.Add(spec);
        }

        if (_keyParts.Count == 0 && !reader.HasErrors)
        {
            reader.Error(node, "outputs.variants is empty; keep at least one (original: { format: keep })");
        }

        return specs;
    }

    /// <summary>
    /// <c>outputs.watermark</c> as the spec each processed variant takes; its margin in pixels is resolved per image
    /// (the engine's <c>ImagingPostProcessor.ForSource</c>) from <see cref="WatermarkMargin"/>, 0 until then.
    /// </summary>
    public WatermarkSpec? ParseWatermark(YamlNode node, Func<YamlNode, string, LocalImage?> resolveImage)
    {
        var f = reader.Fields(node, "outputs.watermark", ManifestKeys.Watermark);
        if (f is null)
        {
            return null;
        }

        if (f.ContainsKey("image") == f.ContainsKey("text"))
        {
            reader.Error(node, "outputs.watermark needs exactly one of image: <file> or text: <words>");
            return null;
        }

        var image = f.TryGetValue("image", out var imageNode) ? resolveImage(imageNode, "outputs.watermark.image") : null;
        var text = f.TryGetValue("text", out var textNode) ? reader.String(textNode, "outputs.watermark.text") : null;
        var gravity = f.TryGetValue("gravity", out var g) ? reader.OneOf(g, "outputs.watermark.gravity", Gravities) ?? "south-east" : "south-east";
        var opacity = f.TryGetValue("opacity", out var o) ? reader.Double(o, "outputs.watermark.opacity", 0, 1) ?? 0.6 : 0.6;
        var scale = f.TryGetValue("scale", out var s) ? reader.Double(s, "outputs.watermark.scale", 0.01, 1) ?? 0.2 : 0.2;
        WatermarkMargin = f.TryGetValue("margin", out var m) ? reader.Double(m, "outputs.watermark.margin", 0, 0.5) ?? 0.02 : 0.02;
        _watermarkKey = ProcessingKeys.Watermark(image?.Sha256, text, gravity, opacity, scale, WatermarkMargin);
        var spec = new WatermarkSpec
        {
            ImagePath = image?.Path,
            Text = text,
            Gravity = ManifestEnum.TryParse<WatermarkGravity>(gravity, out var parsed) ? parsed.Value : WatermarkGravity.SouthEast,
            Opacity = opacity,
            Scale = scale,
            Margin = 0,
        };
        RecipeProblems.AddRange(spec.Validate().Select(p => Diagnostic.Error(reader.At(node), $"outputs.watermark: {p}")));
        return spec;
    }

    private void CheckVariant(string what, string format, int? width, int? height, string? fit, string? crop, int? quality, Dictionary<string, YamlNode> f, YamlNode key)
    {
        if (format == "keep")
        {
            var processing = new[] { "width", "height", "fit", "crop", "quality", "effort", "background" }.Where(f.ContainsKey).ToList();
            if (processing.Count > 0)
            {
                reader.Error(f[processing[0]], $"{what} has format keep (the downloaded bytes untouched), so '{processing[0]}' has no effect; pick a format (jpeg, png, webp, avif) to process it");
            }

            return;
        }

        if (fit is "cover" or "fill" && (width is null || height is null))
        {
            reader.Error(f["fit"], $"{what}: fit {fit} needs both width and height");
        }

        if (crop is not null && fit != "cover")
        {
            reader.Error(f["crop"], $"{what}: crop applies only with fit: cover");
        }

        if (quality is not null && format == "png")
        {
            reader.Error(f["quality"], $"{what}: png is lossless and takes no quality; use effort for compression");
        }

        if (width is null && height is null && fit is not null)
        {
            reader.Error(key, $"{what}: fit needs width and/or height");
        }
    }

    private string? ParseColour(YamlNode node, string what)
    {
        var text = reader.String(node, what);
        if (text is not null && !ColourPattern().IsMatch(text))
        {
            reader.Error(node, $"{what} '{text}' is not a colour; write \"#rrggbb\" or \"#rgb\" (quoted: # starts a YAML comment)");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex VariantNamePattern();

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex ColourPattern();
}
