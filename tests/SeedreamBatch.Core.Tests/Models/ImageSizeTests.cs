using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Tests.Models;

public sealed class ImageSizeTests
{
    [Theory]
    [InlineData("2048x2048", ImageSizeKind.Pixels, 2048, 2048)]
    [InlineData("1536X1024", ImageSizeKind.Pixels, 1536, 1024)]
    [InlineData(" 1280x720 ", ImageSizeKind.Pixels, 1280, 720)]
    [InlineData("1K", ImageSizeKind.Preset, 1024, 1024)]
    [InlineData("2K", ImageSizeKind.Preset, 2048, 2048)]
    [InlineData("2k", ImageSizeKind.Preset, 2048, 2048)]
    [InlineData("3K", ImageSizeKind.Preset, 3072, 3072)]
    [InlineData("4K", ImageSizeKind.Preset, 4096, 4096)]
    [InlineData("16:9", ImageSizeKind.Aspect, 2848, 1600)]
    [InlineData("9:16", ImageSizeKind.Aspect, 1600, 2848)]
    [InlineData("21:9", ImageSizeKind.Aspect, 3136, 1344)]
    [InlineData("16:9@1K", ImageSizeKind.Aspect, 1424, 800)]
    [InlineData("3:2@4K", ImageSizeKind.Aspect, 4992, 3328)]
    // 5696x3200 would exceed 16,777,216 px: shrunk to fit, sides multiples of 16.
    [InlineData("16:9@4K", ImageSizeKind.Aspect, 5456, 3056)]
    [InlineData("21:9@4K", ImageSizeKind.Aspect, 6256, 2672)]
    [InlineData("1.5K", ImageSizeKind.Preset, 1536, 1536)]
    [InlineData("4:3@1K", ImageSizeKind.Aspect, 1152, 864)]
    [InlineData("3:2@3K", ImageSizeKind.Aspect, 3744, 2496)]
    [InlineData("adaptive", ImageSizeKind.Adaptive, 0, 0)]
    [InlineData("ADAPTIVE", ImageSizeKind.Adaptive, 0, 0)]
    public void TryParse_AcceptedForm_GivesKindAndPixels(string text, ImageSizeKind kind, int width, int height)
    {
        Assert.True(ImageSize.TryParse(text, out var size, out var error), error);
        Assert.Equal(kind, size.Kind);
        Assert.Equal(width, size.Width);
        Assert.Equal(height, size.Height);
        Assert.Equal((long)width * height, size.PixelCount);
        Assert.Equal("", error);
    }

    [Fact]
    public void TryParse_EveryRecommendedRatioAt1K_HalvesEachSideOf2K()
    {
        foreach (var (ratio, (w, h)) in ImageSize.Recommended2K)
        {
            Assert.True(ImageSize.TryParse(ratio + "@1K", out var size, out _));
            Assert.Equal((w / 2, h / 2), (size.Width, size.Height));
            Assert.Equal("1K", size.Preset);
            Assert.Equal(ratio, size.AspectRatio);
        }
    }

    [Fact]
    public void Recommended2K_MatchesProviderDocumentation()
    {
        var documented = new Dictionary<string, (int, int)>
        {
            ["1:1"] = (2048, 2048), ["4:3"] = (2304, 1728), ["3:4"] = (1728, 2304), ["16:9"] = (2848, 1600),
            ["9:16"] = (1600, 2848), ["3:2"] = (2496, 1664), ["2:3"] = (1664, 2496), ["21:9"] = (3136, 1344),
        };

        Assert.Equal(documented.OrderBy(p => p.Key), ImageSize.Recommended2K.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("2048x2048", "2048x2048")]
    [InlineData("1536X1024", "1536x1024")]
    [InlineData("2k", "2K")]
    [InlineData("16:9", "16:9")]
    [InlineData("16:9@2K", "16:9")]
    [InlineData("16:9@4k", "16:9@4K")]
    [InlineData("Adaptive", "adaptive")]
    public void ToString_ParsedSize_IsCanonicalAndRoundTrips(string text, string canonical)
    {
        Assert.True(ImageSize.TryParse(text, out var size, out _));
        Assert.Equal(canonical, size.ToString());
        Assert.True(ImageSize.TryParse(size.ToString(), out var again, out _));
        Assert.Equal(size, again);
    }

    [Fact]
    public void FromPixels_RecommendedSize_KnowsItsAspectRatio()
    {
        Assert.Equal("16:9", ImageSize.FromPixels(2848, 1600).AspectRatio);
        Assert.Equal("16:9", ImageSize.FromPixels(5456, 3056).AspectRatio);
        Assert.Null(ImageSize.FromPixels(2000, 1000).AspectRatio);
    }

    [Theory]
    [InlineData("", "size is empty")]
    [InlineData("   ", "size is empty")]
    [InlineData(null, "size is empty")]
    [InlineData("big", "size 'big' is not understood")]
    [InlineData("0x1024", "size '0x1024' is not WxH with two positive whole numbers")]
    [InlineData("1024x0", "size '1024x0' is not WxH with two positive whole numbers")]
    [InlineData("-5x100", "size '-5x100' is not WxH with two positive whole numbers")]
    [InlineData("1024x-768", "size '1024x-768' is not WxH with two positive whole numbers")]
    [InlineData("1024xabc", "size '1024xabc' is not WxH")]
    [InlineData("1024x768x2", "size '1024x768x2' is not WxH")]
    [InlineData("99999999999x1", "size '99999999999x1' is not WxH")]
    [InlineData("1.5x2", "size '1.5x2' is not WxH")]
    [InlineData("5:4", "size '5:4': aspect ratio '5:4' is not one of 1:1, 4:3")]
    [InlineData("16:9@8K", "size '16:9@8K': '8K' is not a preset (1K, 1.5K, 2K, 3K, 4K)")]
    [InlineData("16:9@", "size '16:9@': '' is not a preset")]
    [InlineData("5K", "size '5K' is not understood")]
    public void TryParse_Garbage_FailsWithMessageNamingTheInput(string? text, string messageStart)
    {
        Assert.False(ImageSize.TryParse(text, out var size, out var error));
        Assert.StartsWith(messageStart, error, StringComparison.Ordinal);
        Assert.Equal(ImageSize.Adaptive, size);
    }

    [Fact]
    public void TryParse_UnknownForm_ListsEveryAcceptedForm()
    {
        ImageSize.TryParse("huge", out _, out var error);

        Assert.Contains("WxH", error, StringComparison.Ordinal);
        Assert.Contains("1K, 1.5K, 2K, 3K, 4K", error, StringComparison.Ordinal);
        Assert.Contains("16:9@4K", error, StringComparison.Ordinal);
        Assert.Contains("adaptive", error, StringComparison.Ordinal);
    }
}
