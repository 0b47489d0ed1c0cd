using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Templating;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Engine.Adapters;

namespace SeedreamBatch.Engine.Tests.Adapters;

public sealed class VariantSpecsTests
{
    private static readonly SourceLocation At = new("pipe.yaml", 10, 5);

    [Fact]
    public void Build_OriginalKeep_IsLeftToTheEngine()
    {
        var (recipes, problems) = VariantSpecs.Build(Outputs([Variant("original", "keep"), Variant("raw", "keep")]), "/m");

        Assert.Empty(problems);
        Assert.Equal("raw", Assert.Single(recipes).Name);
    }

    [Fact]
    public void Build_ProcessedVariant_MapsEveryField()
    {
        var thumb = Variant("thumb", "jpeg") with { Width = 400, Height = 300, Fit = "cover", Crop = "attention", Quality = 80, Background = "#000000" };

        var (recipes, problems) = VariantSpecs.Build(Outputs([thumb]), "/m");

        Assert.Empty(problems);
        var spec = Assert.Single(recipes);
        Assert.Equal(VariantFormat.Jpeg, spec.Format);
        Assert.Equal((400, 300), (spec.Width!.Value, spec.Height!.Value));
        Assert.Equal(VariantFit.Cover, spec.Fit);
        Assert.Equal(VariantCrop.Attention, spec.Crop);
        Assert.Equal(80, spec.Quality);
        Assert.Equal(RgbColour.Black, spec.Background);
        Assert.Null(spec.Watermark);
    }

    [Fact]
    public void Build_Watermark_ResolvesPathAndScalesMarginFromFractionToPixels()
    {
        var watermark = new WatermarkSection { Location = At, ImagePath = "brand/logo.png", Gravity = "north-west", Opacity = 0.6, Margin = 0.05 };
        var outputs = Outputs([Variant("web", "webp") with { Width = 1600 }, Variant("plain", "png") with { Watermark = false }]) with { Watermark = watermark };

        var (recipes, problems) = VariantSpecs.Build(outputs, "/m");

        Assert.Empty(problems);
        var web = ImagingPostProcessor.ForSource(recipes[0], watermark.Margin, 2048, 2048);
        Assert.Equal(Path.GetFullPath("/m/brand/logo.png"), web.Watermark!.ImagePath);
        Assert.Equal(WatermarkGravity.NorthWest, web.Watermark.Gravity);
        Assert.Equal(0.6, web.Watermark.Opacity);
        Assert.Equal(80, web.Watermark.Margin); // 5 % of the 1600 px output
        Assert.Null(recipes[1].Watermark);
    }

    [Fact]
    public void For_NoWidth_UsesTheWidthTheHeightImplies()
    {
        var watermark = new WatermarkSection { Location = At, Text = "ACME", Margin = 0.02 };
        var outputs = Outputs([Variant("tall", "jpeg") with { Height = 500 }]) with { Watermark = watermark };

        var (recipes, _) = VariantSpecs.Build(outputs, "/m");

        Assert.Equal(5, ImagingPostProcessor.ForSource(recipes[0], watermark.Margin, 1000, 2000).Watermark!.Margin); // 250 px wide × 0.02
    }

    [Fact]
    public void Build_InvalidRecipe_ReportsAtTheVariant()
    {
        var (recipes, problems) = VariantSpecs.Build(Outputs([Variant("bad", "webp") with { Effort = 12 }]), "/m");

        Assert.Empty(recipes);
        var problem = Assert.Single(problems);
        Assert.Equal(At, problem.Location);
        Assert.Contains("effort", problem.Message, StringComparison.Ordinal);
    }

    private static VariantSection Variant(string name, string format) => new() { Name = name, Location = At, Format = format };

    private static OutputsSpec Outputs(IReadOnlyList<VariantSection> variants) => new(
        Template.Parse("out", At).Template!, Template.Parse("{{ sku }}", At).Template!, variants, null, StripMetadata: true, Provenance: ProvenanceSpec.Default);
}
