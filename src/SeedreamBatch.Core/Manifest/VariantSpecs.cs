using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Turns <c>outputs.variants</c> and <c>outputs.watermark</c> into the <see cref="VariantSpec"/>s the imaging
/// library takes, with every problem located at its variant. The manifest loader runs it, so <c>validate</c>,
/// <c>plan</c> and <c>run</c> share one verdict; the engine reuses the specs. The engine itself keeps the
/// download as variant <c>original</c>, so a manifest <c>original: { format: keep }</c> is left out rather than
/// written twice; a keep variant under another name is a byte copy made by the imaging library.
/// </summary>
public static class VariantSpecs
{
    /// <summary>The variant the engine writes itself: the download, as it came.</summary>
    public const string Original = "original";

    /// <summary>The specs in manifest order, or the problems (located at each variant) when any is invalid.</summary>
    public static (IReadOnlyList<VariantSpec> Specs, IReadOnlyList<Diagnostic> Problems) Build(OutputsSpec outputs, string manifestDirectory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var specs = new List<VariantSpec>();
        var problems = new List<Diagnostic>();
        var watermark = outputs.Watermark is { } w ? Watermark(w, manifestDirectory, problems) : null;
        foreach (var section in outputs.Variants)
        {
            if (!ManifestEnum.TryParse<VariantFormat>(section.Format, out var format))
            {
                problems.Add(Diagnostic.Error(section.Location, $"outputs.variants.{section.Name}: format '{section.Format}' is not one of {string.Join(", ", ManifestEnum.Names<VariantFormat>())}"));
                continue;
            }

            if (format == VariantFormat.Keep && section.Name == Original)
            {
                continue;
            }

            var keep = format == VariantFormat.Keep;
            var spec = new VariantSpec
            {
                Name = section.Name,
                Format = format.Value,
                Width = section.Width,
                Height = section.Height,
                Fit = Parse(section.Fit, VariantFit.Inside, "fit"),
                Crop = Parse(section.Crop, VariantCrop.Centre, "crop"),
                Quality = section.Quality,
                Effort = section.Effort,
                Background = section.Background is { } bg && RgbColour.TryParse(bg, out var colour) ? colour : RgbColour.White,
                StripMetadata = outputs.StripMetadata,
                Provenance = outputs.Provenance.WritesAnything && !keep,
                // A watermark applies to processed variants unless the variant opts out; keep is never touched.
                Watermark = !keep && (section.Watermark ?? true) ? watermark : null,
            };
            foreach (var problem in spec.Validate())
            {
                problems.Add(Diagnostic.Error(section.Location, $"outputs.variants.{section.Name}: {problem}"));
            }

            specs.Add(spec);

            T Parse<T>(string? text, T fallback, string key)
                where T : struct, Enum
            {
                if (text is null)
                {
                    return fallback;
                }

                if (ManifestEnum.TryParse<T>(text, out var value))
                {
                    return value.Value;
                }

                problems.Add(Diagnostic.Error(section.Location, $"outputs.variants.{section.Name}: {key} '{text}' is not one of {string.Join(", ", ManifestEnum.Names<T>())}"));
                return fallback;
            }
        }

        return problems.Count > 0 ? ([], problems) : (specs, []);
    }

    private static WatermarkSpec? Watermark(WatermarkSection section, string manifestDirectory, List<Diagnostic> problems)
    {
        if (!ManifestEnum.TryParse<WatermarkGravity>(section.Gravity, out var gravity))
        {
            problems.Add(Diagnostic.Error(section.Location, $"outputs.watermark: gravity '{section.Gravity}' is not one of {string.Join(", ", ManifestEnum.Names<WatermarkGravity>())}"));
            return null;
        }

        var spec = new WatermarkSpec
        {
            ImagePath = section.ImagePath is { } p ? Path.GetFullPath(Path.Combine(manifestDirectory, p)) : null,
            Text = section.Text,
            Gravity = gravity.Value,
            Opacity = section.Opacity,
            Scale = section.Scale,
            // Pixels are known per image only (ImagingPostProcessor.ForSource, in the engine); 0 here is valid and replaced there.
            Margin = 0,
        };
        foreach (var problem in spec.Validate())
        {
            problems.Add(Diagnostic.Error(section.Location, $"outputs.watermark: {problem}"));
        }

        return spec;
    }
}
