using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Tests;

public sealed class WatermarkTests : ProcessorTestBase
{
    private readonly string _logo;

    public WatermarkTests()
    {
        // An opaque red 100×50 logo on a transparent border: the border must not show.
        using Image clear = TestImages.Solid(120, 70, 0, 0, 0, 0);
        using Image logo = TestImages.DrawRect(clear, 10, 10, 100, 50, [255, 0, 0, 255]);
        _logo = Dir.Combine("logo.png");
        File.WriteAllBytes(_logo, logo.PngsaveBuffer());
    }

    private byte[] Render(WatermarkSpec watermark, int width = 1000, int height = 600)
    {
        using Image blue = TestImages.Solid(width, height, 0, 0, 255);
        var spec = new VariantSpec { Name = "w", Format = VariantFormat.Png, Watermark = watermark };
        return Assert.Single(Processor.Render(blue.PngsaveBuffer(), [spec])).Data.ToArray();
    }

    [Fact]
    public void ImageWatermark_SouthEast_SitsInBottomRightCornerWithMargin()
    {
        // scale 0.12 of 1000 px = 120 px wide logo (red part 100×50 at offset 10,10); margin 20.
        byte[] png = Render(new WatermarkSpec { ImagePath = _logo, Gravity = WatermarkGravity.SouthEast, Margin = 20, Scale = 0.12 });

        // Logo occupies x 860..980, y 510..580; its red core x 870..970, y 520..570.
        Assert.Equal([255, 0, 0], TestImages.Pixel(png, 920, 545));
        Assert.Equal([0, 0, 255], TestImages.Pixel(png, 990, 590));  // inside the margin
        Assert.Equal([0, 0, 255], TestImages.Pixel(png, 865, 515));  // the logo's transparent border
        Assert.Equal([0, 0, 255], TestImages.Pixel(png, 100, 100));  // far away
        Assert.Equal(3, ImageProbe.Probe(png).Bands);                // no alpha band gained
    }

    [Theory]
    [InlineData(WatermarkGravity.NorthWest, 80, 45)]
    [InlineData(WatermarkGravity.North, 500, 45)]
    [InlineData(WatermarkGravity.Centre, 500, 300)]
    [InlineData(WatermarkGravity.West, 80, 300)]
    [InlineData(WatermarkGravity.SouthWest, 80, 555)]
    public void ImageWatermark_Gravity_PlacesLogoCentreAtExpectedPoint(WatermarkGravity gravity, int x, int y)
    {
        byte[] png = Render(new WatermarkSpec { ImagePath = _logo, Gravity = gravity, Margin = 20, Scale = 0.12 });

        Assert.Equal([255, 0, 0], TestImages.Pixel(png, x, y));
    }

    [Fact]
    public void ImageWatermark_Scale_FollowsImageWidth()
    {
        // Same recipe on a 500 px image: logo 60 px wide, red core 50×25 at (420..470, 545..570) with margin 20.
        byte[] png = Render(new WatermarkSpec { ImagePath = _logo, Margin = 20, Scale = 0.12 }, width: 500, height: 600);

        Assert.Equal([255, 0, 0], TestImages.Pixel(png, 445, 560));
        Assert.Equal([0, 0, 255], TestImages.Pixel(png, 400, 560));
    }

    [Fact]
    public void ImageWatermark_HalfOpacity_BlendsWithBackground()
    {
        byte[] png = Render(new WatermarkSpec { ImagePath = _logo, Opacity = 0.5, Margin = 20, Scale = 0.12 });

        double[] pixel = TestImages.Pixel(png, 920, 545);
        Assert.InRange(pixel[0], 117, 138);
        Assert.InRange(pixel[2], 117, 138);
    }

    [Fact]
    public void TextWatermark_NorthWest_InksOnlyTheTopLeft()
    {
        byte[] png = Render(new WatermarkSpec { Text = "BRAND", Gravity = WatermarkGravity.NorthWest, Margin = 10, Scale = 0.3, Colour = RgbColour.White });

        using Image image = TestImages.Decode(png);
        using Image topLeft = image.Crop(0, 0, 320, 150);
        using Image rest = image.Crop(0, 200, 1000, 400);
        Assert.True(MaxRed(topLeft) > 200, "white text ink in the top-left");
        Assert.Equal(0, MaxRed(rest));
    }

    [Fact]
    public void MissingLogo_FailsWithWatermarkUnavailable()
    {
        var ex = Assert.Throws<ImageProcessingException>(() => Render(new WatermarkSpec { ImagePath = Dir.Combine("missing.png") }));

        Assert.Equal("watermark_unavailable", ex.ReasonCode);
    }

    private static double MaxRed(Image image) => TestImages.MaxOfBand(image, 0);
}
