using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Core.Tests.Variants;

public sealed class ManifestEnumTests
{
    [Theory]
    [InlineData("south-east", WatermarkGravity.SouthEast)]
    [InlineData("NORTH_WEST", WatermarkGravity.NorthWest)]
    [InlineData("center", WatermarkGravity.Centre)]
    public void TryParse_ManifestWords_MapToGravity(string text, WatermarkGravity expected)
    {
        Assert.True(ManifestEnum.TryParse(text, out WatermarkGravity? value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void TryParse_Jpg_IsJpeg()
    {
        Assert.True(ManifestEnum.TryParse("jpg", out VariantFormat? value));
        Assert.Equal(VariantFormat.Jpeg, value);
    }

    [Fact]
    public void TryParse_Unknown_ReturnsFalse()
    {
        Assert.False(ManifestEnum.TryParse("gif", out VariantFormat? _));
    }

    [Fact]
    public void ToManifestName_PascalCase_IsKebabCase()
    {
        Assert.Equal("south-east", ManifestEnum.ToManifestName(WatermarkGravity.SouthEast));
        Assert.Contains("north-west", ManifestEnum.Names<WatermarkGravity>());
    }
}
