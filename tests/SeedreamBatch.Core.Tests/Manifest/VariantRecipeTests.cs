using SeedreamBatch.Core.Tests.Testing;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Core.Tests.Manifest;

/// <summary><c>outputs.variants</c> and <c>outputs.watermark</c> parsed once into the specs the imaging library takes.</summary>
public sealed class VariantRecipeTests
{
    private const string Head = """
        version: 1
        name: p
        provider: ark
        prompt: a cat
        models: [seedream-4.5]

        """;

    [Fact]
    public void Load_OriginalKeep_IsLeftToTheEngine()
    {
        using var dir = new TempDirectory();
        var outputs = ManifestFiles.LoadValid(dir, Head + "outputs: { dir: out, variants: { original: { format: keep }, raw: { format: keep } } }\n").Outputs;

        Assert.Equal("raw", Assert.Single(outputs.Variants).Name);
    }

    [Fact]
    public void Load_ProcessedVariant_MapsEveryField()
    {
        using var dir = new TempDirectory();
        var outputs = ManifestFiles.LoadValid(dir, Head + """
            outputs:
              dir: out
              variants:
                thumb: { format: jpeg, width: 400, height: 300, fit: cover, crop: attention, quality: 80, background: "#000000" }
            """).Outputs;

        var spec = Assert.Single(outputs.Variants);
        Assert.Equal(VariantFormat.Jpeg, spec.Format);
        Assert.Equal((400, 300), (spec.Width!.Value, spec.Height!.Value));
        Assert.Equal(VariantFit.Cover, spec.Fit);
        Assert.Equal(VariantCrop.Attention, spec.Crop);
        Assert.Equal(80, spec.Quality);
        Assert.Equal(RgbColour.Black, spec.Background);
        Assert.Null(spec.Watermark);
    }

    [Fact]
    public void Load_Watermark_ResolvesPathKeepsMarginFractionAndSkipsOptedOutVariants()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "brand"));
        dir.WriteBytes("brand/logo.png", TinyImages.Png());
        var outputs = ManifestFiles.LoadValid(dir, Head + """
            outputs:
              dir: out
              watermark: { image: brand/logo.png, gravity: north-west, opacity: 0.6, margin: 0.05 }
              variants:
                web: { format: webp, width: 1600 }
                plain: { format: png, watermark: false }
            """).Outputs;

        var web = outputs.Variants[0].Watermark!;
        Assert.Equal(Path.GetFullPath(Path.Combine(dir.Path, "brand", "logo.png")), web.ImagePath);
        Assert.Equal((WatermarkGravity.NorthWest, 0.6), (web.Gravity, web.Opacity));
        Assert.Equal(0.05, outputs.WatermarkMargin);
        Assert.Null(outputs.Variants[1].Watermark);
    }

    [Fact]
    public void Load_InvalidRecipe_ReportsAtTheVariant()
    {
        using var dir = new TempDirectory();
        var load = ManifestFiles.Load(dir, Head + "outputs:\n  dir: out\n  variants:\n    bad: { format: jpeg, effort: 3 }\n");

        var problem = Assert.Single(load.Diagnostics, d => d.IsError);
        Assert.Equal((9, 5), (problem.Location.Line, problem.Location.Column));
        Assert.Contains("outputs.variants.bad: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("effort", problem.Message, StringComparison.Ordinal);
    }
}
