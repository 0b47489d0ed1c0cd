using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Core.Tests.Variants;

public sealed class VariantSpecTests
{
    [Fact]
    public void Validate_TypicalThumbRecipe_HasNoProblems()
    {
        var spec = new VariantSpec
        {
            Name = "thumb", Format = VariantFormat.Jpeg, Width = 400, Height = 400, Fit = VariantFit.Cover,
            Crop = VariantCrop.Attention, Quality = 80,
            Watermark = new WatermarkSpec { ImagePath = "brand/logo.png", Opacity = 0.6 },
        };

        Assert.Empty(spec.Validate());
    }

    [Fact]
    public void Validate_Defaults_AreInsideCentreWhiteStripped()
    {
        var spec = new VariantSpec { Name = "web", Width = 1600 };

        Assert.Equal((VariantFormat.Jpeg, VariantFit.Inside, VariantCrop.Centre, true, false), (spec.Format, spec.Fit, spec.Crop, spec.StripMetadata, spec.Provenance));
        Assert.Equal(RgbColour.White, spec.Background);
        Assert.Empty(spec.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Validate_QualityOutOfRange_ReportsQuality(int quality)
    {
        var spec = new VariantSpec { Name = "web", Width = 100, Quality = quality };

        Assert.Contains(spec.Validate(), p => p.Contains("quality must be between 1 and 100", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(VariantSpec.MaxDimension + 1)]
    public void Validate_WidthOutOfRange_ReportsWidth(int width)
    {
        var spec = new VariantSpec { Name = "web", Width = width };

        Assert.Contains(spec.Validate(), p => p.StartsWith("width must be between", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(VariantFit.Cover)]
    [InlineData(VariantFit.Contain)]
    [InlineData(VariantFit.Fill)]
    public void Validate_FitWithoutBothSides_ReportsFit(VariantFit fit)
    {
        var spec = new VariantSpec { Name = "t", Width = 400, Fit = fit };

        Assert.Contains(spec.Validate(), p => p.Contains("needs both width and height", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AttentionWithoutCover_ReportsCrop()
    {
        var spec = new VariantSpec { Name = "t", Width = 400, Crop = VariantCrop.Attention };

        Assert.Contains("crop only applies with fit 'cover'", spec.Validate());
    }

    [Fact]
    public void Validate_KeepWithResize_ReportsIgnoredFields()
    {
        var spec = new VariantSpec { Name = "original", Format = VariantFormat.Keep, Width = 10, Quality = 80 };

        string problem = Assert.Single(spec.Validate());
        Assert.Contains("width, quality", problem);
    }

    [Theory]
    [InlineData(VariantFormat.Webp, 7)]
    [InlineData(VariantFormat.Avif, 10)]
    [InlineData(VariantFormat.Jpeg, 3)]
    public void Validate_EffortOutsideFormatRange_ReportsEffort(VariantFormat format, int effort)
    {
        var spec = new VariantSpec { Name = "v", Format = format, Width = 10, Effort = effort };

        Assert.Contains(spec.Validate(), p => p.StartsWith("effort", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadName_ReportsName()
    {
        var spec = new VariantSpec { Name = "../evil" };

        Assert.Contains(spec.Validate(), p => p.StartsWith("variant name", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WatermarkWithImageAndText_ReportsExactlyOne()
    {
        var spec = new VariantSpec { Name = "w", Width = 10, Watermark = new WatermarkSpec { ImagePath = "a.png", Text = "x", Opacity = 0, Scale = 2 } };

        IReadOnlyList<string> problems = spec.Validate();

        Assert.Contains("watermark needs exactly one of 'image' or 'text'", problems);
        Assert.Contains(problems, p => p.StartsWith("watermark opacity", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("watermark scale", StringComparison.Ordinal));
    }
}
