using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>Reads <c>outputs.variants</c> and <c>outputs.watermark</c>.</summary>
internal sealed partial class VariantParser(YamlReader reader)
{
    public static IReadOnlyList<string> Formats { get; } = ["keep", "jpeg", "png", "webp", "avif"];

    public static IReadOnlyList<string> Fits { get; } = ["cover", "contain", "inside", "fill"];

    public static IReadOnlyList<string> Crops { get; } = ["centre", "attention"];

    public static IReadOnlyList<string> Gravities { get; } =
        ["north-west", "north", "north-east", "west", "centre", "east", "south-west", "south", "south-east"];

    public List<VariantSection> ParseVariants(YamlNode node)
    {
        var variants = new List<VariantSection>();
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

            var variant = new VariantSection
            {
                Name = name,
                Location = reader.At(key),
                Format = Choice("format", Formats) ?? "keep",
                Width = Int("width", 1, 16384),
                Height = Int("height", 1, 16384),
                Fit = Choice("fit", Fits),
                Crop = Choice("crop", Crops),
                Quality = Int("quality", 1, 100),
                Effort = Int("effort", 0, 9),
                Background = f.TryGetValue("background", out var bg) ? ParseColour(bg, $"{what}.background") : null,
                Watermark = f.TryGetValue("watermark", out var wm) ? reader.Bool(wm, $"{what}.watermark") : null,
            };
            if (!f.TryGetValue("format", out var formatNode) || reader.Diagnostics.All(d => d.Location != reader.At(formatNode)))
            {
                CheckVariant(variant, f, key);
            }
            variants.Add(variant);
        }

        if (variants.Count == 0 && !reader.HasErrors)
        {
            reader.Error(node, "outputs.variants is empty; keep at least one (original: { format: keep })");
        }

        return variants;
    }

    public WatermarkSection? ParseWatermark(YamlNode node, Func<YamlNode, string, string?> resolveFile)
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

        return new WatermarkSection
        {
            Location = reader.At(node),
            ImagePath = f.TryGetValue("image", out var image) ? resolveFile(image, "outputs.watermark.image") : null,
            Text = f.TryGetValue("text", out var text) ? reader.String(text, "outputs.watermark.text") : null,
            Gravity = f.TryGetValue("gravity", out var g) ? reader.OneOf(g, "outputs.watermark.gravity", Gravities) ?? "south-east" : "south-east",
            Opacity = f.TryGetValue("opacity", out var o) ? reader.Double(o, "outputs.watermark.opacity", 0, 1) ?? 0.6 : 0.6,
            Scale = f.TryGetValue("scale", out var s) ? reader.Double(s, "outputs.watermark.scale", 0.01, 1) ?? 0.2 : 0.2,
            Margin = f.TryGetValue("margin", out var m) ? reader.Double(m, "outputs.watermark.margin", 0, 0.5) ?? 0.02 : 0.02,
        };
    }

    private void CheckVariant(VariantSection v, Dictionary<string, YamlNode> f, YamlNode key)
    {
        var what = $"outputs.variants.{v.Name}";
        if (v.Format == "keep")
        {
            var processing = new[] { "width", "height", "fit", "crop", "quality", "effort", "background" }.Where(f.ContainsKey).ToList();
            if (processing.Count > 0)
            {
                reader.Error(f[processing[0]], $"{what} has format keep (the downloaded bytes untouched), so '{processing[0]}' has no effect; pick a format (jpeg, png, webp, avif) to process it");
            }

            return;
        }

        if (v.Fit is "cover" or "fill" && (v.Width is null || v.Height is null))
        {
            reader.Error(f["fit"], $"{what}: fit {v.Fit} needs both width and height");
        }

        if (v.Crop is not null && v.Fit != "cover")
        {
            reader.Error(f["crop"], $"{what}: crop applies only with fit: cover");
        }

        if (v.Quality is not null && v.Format == "png")
        {
            reader.Error(f["quality"], $"{what}: png is lossless and takes no quality; use effort for compression");
        }

        if (v.Width is null && v.Height is null && v.Fit is not null)
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
