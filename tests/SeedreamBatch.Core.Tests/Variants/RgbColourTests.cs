using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Core.Tests.Variants;

public sealed class RgbColourTests
{
    [Theory]
    [InlineData("#ffffff", 255, 255, 255)]
    [InlineData("#1A2b3C", 0x1a, 0x2b, 0x3c)]
    [InlineData("#f80", 0xff, 0x88, 0x00)]
    public void Parse_ValidHex_ReturnsChannels(string text, int r, int g, int b)
    {
        Assert.Equal(new RgbColour((byte)r, (byte)g, (byte)b), RgbColour.Parse(text));
    }

    [Theory]
    [InlineData("ffffff")]
    [InlineData("#ffff")]
    [InlineData("#gggggg")]
    [InlineData("#-fffff")]
    [InlineData("white")]
    [InlineData("")]
    public void TryParse_Invalid_ReturnsFalse(string text)
    {
        Assert.False(RgbColour.TryParse(text, out _));
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionQuotingInput()
    {
        var ex = Assert.Throws<FormatException>(() => RgbColour.Parse("blue"));

        Assert.Contains("'blue'", ex.Message);
    }

    [Fact]
    public void ToString_FormatsLowercaseSixDigits()
    {
        Assert.Equal("#0a00ff", new RgbColour(10, 0, 255).ToString());
    }
}
