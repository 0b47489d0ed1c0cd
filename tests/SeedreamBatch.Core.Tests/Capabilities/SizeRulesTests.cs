using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Tests.Capabilities;

/// <summary>Size limits per model and dialect, straight from docs/provider-apis.md.</summary>
public sealed class SizeRulesTests
{
    private const ProviderDialect Ark = ProviderDialect.Ark;
    private const ProviderDialect OpenAI = ProviderDialect.OpenAICompatible;

    [Theory]
    // Seedream 4.5 on Ark: presets 2K, 4K; 3,686,400 <= W*H <= 16,777,216; aspect in [1/16, 16].
    [InlineData(Ark, SeedreamModel.Seedream45, "2K", true)]
    [InlineData(Ark, SeedreamModel.Seedream45, "4K", true)]
    [InlineData(Ark, SeedreamModel.Seedream45, "1K", false)]
    [InlineData(Ark, SeedreamModel.Seedream45, "2560x1440", true)] // exactly 3,686,400
    [InlineData(Ark, SeedreamModel.Seedream45, "2559x1440", false)]
    [InlineData(Ark, SeedreamModel.Seedream45, "4096x4096", true)] // exactly 16,777,216
    [InlineData(Ark, SeedreamModel.Seedream45, "4097x4096", false)]
    [InlineData(Ark, SeedreamModel.Seedream45, "1280x720", false)]
    [InlineData(Ark, SeedreamModel.Seedream45, "16:9@1K", false)]
    [InlineData(Ark, SeedreamModel.Seedream45, "16:9", true)]
    [InlineData(Ark, SeedreamModel.Seedream45, "16384x1024", true)] // aspect exactly 16, pixels exactly max
    [InlineData(Ark, SeedreamModel.Seedream45, "1024x16384", true)]
    [InlineData(Ark, SeedreamModel.Seedream45, "adaptive", false)]
    // Seedream 4.0 on Ark: presets 1K, 2K, 4K; min 921,600 pixels.
    [InlineData(Ark, SeedreamModel.Seedream40, "1K", true)]
    [InlineData(Ark, SeedreamModel.Seedream40, "1280x720", true)] // exactly 921,600
    [InlineData(Ark, SeedreamModel.Seedream40, "16:9@1K", true)]
    [InlineData(Ark, SeedreamModel.Seedream40, "1279x720", false)]
    [InlineData(Ark, SeedreamModel.Seedream40, "3K", false)]
    [InlineData(Ark, SeedreamModel.Seedream40, "8000x490", false)] // aspect 16.3 with allowed pixels
    [InlineData(Ark, SeedreamModel.Seedream40, "490x8000", false)]
    // Seedream 3.0 t2i: WxH with sides in [512, 2048], no presets.
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "512x512", true)]
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "2048x2048", true)]
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "1024x1024", true)]
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "511x1024", false)]
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "2049x1024", false)]
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "2K", false)]
    [InlineData(Ark, SeedreamModel.Seedream30T2I, "16:9", false)] // 2560 wide
    // SeedEdit 3.0: adaptive only.
    [InlineData(Ark, SeedreamModel.SeedEdit30, "adaptive", true)]
    [InlineData(Ark, SeedreamModel.SeedEdit30, "1024x1024", false)]
    [InlineData(Ark, SeedreamModel.SeedEdit30, "2K", false)]
    // OpenAI-compatible gateway: WxH only, max side 4096.
    [InlineData(OpenAI, SeedreamModel.Seedream45, "4096x900", true)]
    [InlineData(OpenAI, SeedreamModel.Seedream45, "4097x1024", false)]
    [InlineData(OpenAI, SeedreamModel.Seedream45, "16384x1024", false)] // fine on Ark, side too long here
    [InlineData(OpenAI, SeedreamModel.Seedream45, "2K", false)]
    [InlineData(OpenAI, SeedreamModel.Seedream40, "1280x720", true)]
    [InlineData(OpenAI, SeedreamModel.Seedream45, "1280x720", false)]
    [InlineData(OpenAI, SeedreamModel.Seedream50Lite, "2048x1800", true)]
    [InlineData(OpenAI, SeedreamModel.Seedream50Lite, "1920x1080", false)]
    // KIE: an aspect ratio at quality basic (2K) or high (4K) only.
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "2848x1600", true)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "5456x3056", true)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "2560x1440", false)] // the older 16:9 size: not a KIE ratio × quality
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "16:9", true)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "21:9@4K", true)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "4K", true)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "2000x1000", false)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "1280x720", false)] // 16:9 but 1K
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "16:9@1K", false)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "16:9@3K", false)]
    [InlineData(ProviderDialect.Kie, SeedreamModel.Seedream45, "adaptive", false)]
    // Sinan: 2K/3K presets for 5.0 lite, 2K/4K for 4.x.
    [InlineData(ProviderDialect.Sinan, SeedreamModel.Seedream50Lite, "3K", true)]
    [InlineData(ProviderDialect.Sinan, SeedreamModel.Seedream50Lite, "4K", false)]
    [InlineData(ProviderDialect.Sinan, SeedreamModel.Seedream40, "4K", true)]
    [InlineData(ProviderDialect.Sinan, SeedreamModel.Seedream40, "1K", false)]
    public void Check_SizeForModelOnDialect_MatchesDocumentedLimits(ProviderDialect dialect, SeedreamModel model, string sizeText, bool accepted)
    {
        var rules = CapabilityTable.Find(dialect, model)!.Sizes;
        Assert.True(ImageSize.TryParse(sizeText, out var size, out var parseError), parseError);

        var problem = rules.Check(size);

        Assert.True(accepted == (problem is null), $"{model} on {dialect}, {sizeText}: {problem ?? "accepted"}");
    }

    [Fact]
    public void Check_TooWideButWithinPixels_NamesTheAspectBounds()
    {
        var problem = Rules(Ark, SeedreamModel.Seedream40).Check(ImageSize.FromPixels(8000, 490));

        Assert.Equal("size 8000x490 has an aspect ratio outside [1/16, 16]", problem);
    }

    [Fact]
    public void Check_TooWideAndTooManyPixels_ReportsThePixelLimit()
    {
        // 17000x1000 is both wider than 16:1 and over 16,777,216 pixels: the pixel limit is said first.
        var problem = Rules(Ark, SeedreamModel.Seedream45).Check(ImageSize.FromPixels(17000, 1000));

        Assert.StartsWith("size 17000x1000 has 17,000,000 pixels, over the maximum 16,777,216", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnderMinimumPixels_SaysMinimumAndWhatIsAllowed()
    {
        var problem = Rules(Ark, SeedreamModel.Seedream45).Check(ImageSize.FromPixels(1280, 720));

        Assert.Equal("size 1280x720 has 921,600 pixels, under the minimum 3,686,400 (allowed: presets 2K, 4K; WxH with 3,686,400..16,777,216 pixels)", problem);
    }

    [Fact]
    public void Check_AspectSizeRefused_ShowsBothTheNameAndThePixels()
    {
        Assert.True(ImageSize.TryParse("16:9@1K", out var size, out _));

        var problem = Rules(Ark, SeedreamModel.Seedream45).Check(size);

        Assert.StartsWith("size '16:9@1K' (1424x800) has 1,139,200 pixels", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Seedream30SideOutOfRange_DescribesSideBounds()
    {
        var problem = Rules(Ark, SeedreamModel.Seedream30T2I).Check(ImageSize.FromPixels(511, 1024));

        Assert.Equal("size 511x1024 has a side under 512 px (allowed: WxH with sides 512..2048)", problem);
    }

    [Fact]
    public void Check_PresetOnModelWithoutPresets_SaysOnlyWxH()
    {
        Assert.True(ImageSize.TryParse("2K", out var size, out _));

        var problem = Rules(Ark, SeedreamModel.Seedream30T2I).Check(size);

        Assert.StartsWith("takes no size presets, only WxH", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WrongPreset_ListsAllowedPresets()
    {
        Assert.True(ImageSize.TryParse("1K", out var size, out _));

        Assert.Equal("takes presets 2K, 4K, not 1K", Rules(Ark, SeedreamModel.Seedream45).Check(size));
    }

    [Fact]
    public void Check_SizeOnSeedEdit_SaysAdaptiveOnly()
    {
        var problem = Rules(Ark, SeedreamModel.SeedEdit30).Check(ImageSize.FromPixels(1024, 1024));

        Assert.Equal("takes only size 'adaptive' (the output follows the input image), not '1024x1024'", problem);
    }

    [Fact]
    public void Check_AdaptiveOnTextToImageModel_IsRefused()
    {
        Assert.Equal("does not take size 'adaptive' (only SeedEdit 3.0 does)", Rules(Ark, SeedreamModel.Seedream45).Check(ImageSize.Adaptive));
    }

    [Fact]
    public void Check_KieInexpressibleSize_SuggestsAnAspectRatio()
    {
        var problem = Rules(ProviderDialect.Kie, SeedreamModel.Seedream45).Check(ImageSize.FromPixels(2000, 1000));

        Assert.StartsWith("takes an aspect ratio (", problem, StringComparison.Ordinal);
        Assert.EndsWith("so '2000x1000' cannot be expressed; write e.g. 16:9 or 16:9@4K", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_PixelsNotAccepted_ListsPresets()
    {
        var rules = new SizeRules { Presets = new HashSet<string> { "2K", "4K" }, AcceptsPixels = false };

        Assert.Equal("takes only the presets 2K, 4K, not '2048x2048'", rules.Check(ImageSize.FromPixels(2048, 2048)));
    }

    [Theory]
    [InlineData(SeedreamModel.Seedream45, "2048x2048")]
    [InlineData(SeedreamModel.Seedream40, "2048x2048")]
    [InlineData(SeedreamModel.Seedream30T2I, "1024x1024")]
    [InlineData(SeedreamModel.SeedEdit30, "adaptive")]
    public void DefaultSize_OnArk_IsDocumentedDefaultAndAccepted(SeedreamModel model, string expected)
    {
        var rules = Rules(Ark, model);

        Assert.Equal(expected, rules.DefaultSize);
        Assert.True(ImageSize.TryParse(rules.DefaultSize, out var size, out _));
        Assert.Null(rules.Check(size));
    }

    [Fact]
    public void DefaultSize_EveryModelOnEveryDialect_IsAcceptedByItsOwnRules()
    {
        foreach (var caps in CapabilityTable.All)
        {
            Assert.True(ImageSize.TryParse(caps.Sizes.DefaultSize, out var size, out _));
            Assert.True(caps.Sizes.Check(size) is null, $"{caps.Model} on {caps.Dialect}: default {caps.Sizes.DefaultSize} refused");
        }
    }

    private static SizeRules Rules(ProviderDialect dialect, SeedreamModel model) => CapabilityTable.Find(dialect, model)!.Sizes;
}
