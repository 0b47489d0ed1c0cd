namespace SeedreamBatch.Imaging.Tests;

public sealed class ImageProbeTests
{
    [Fact]
    public void Probe_Jpeg_ReturnsFormatAndSize()
    {
        ImageInfo info = ImageProbe.Probe(TestImages.NoisyJpeg(320, 200));

        Assert.Equal(new ImageInfo("jpeg", 320, 200, 3, false), info);
    }

    [Fact]
    public void Probe_PngWithAlpha_ReportsAlpha()
    {
        ImageInfo info = ImageProbe.Probe(TestImages.SolidPng(10, 12, 1, 2, 3, 128));

        Assert.Equal(("png", 10, 12, true), (info.Format, info.Width, info.Height, info.HasAlpha));
    }

    public static TheoryData<string, string> Broken => new()
    {
        { "truncated-jpeg", "truncated" },
        { "zero-bytes", "not_an_image" },
        { "html-error-page", "not_an_image" },
        { "huge-png-header", "too_many_pixels" },
        { "svg", "unsupported_format" },
        { "pdf", "unsupported_format" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Probe_BrokenInput_ThrowsWithReasonCode(string input, string expectedCode)
    {
        byte[] data = input switch
        {
            "truncated-jpeg" => BrokenInputs.TruncatedJpeg()[..300], // cut inside the header
            "zero-bytes" => BrokenInputs.Empty(),
            "html-error-page" => BrokenInputs.HtmlErrorPage(),
            "huge-png-header" => BrokenInputs.HugePngHeader(),
            "svg" => BrokenInputs.Svg(),
            "pdf" => BrokenInputs.Pdf(),
            _ => throw new ArgumentOutOfRangeException(nameof(input)),
        };

        var ex = Assert.Throws<ImageProcessingException>(() => ImageProbe.Probe(data));

        Assert.Equal(expectedCode, ex.ReasonCode);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Probe_OverByteLimit_ThrowsTooLargeBeforeDecoding()
    {
        byte[] jpeg = TestImages.NoisyJpeg(64, 64);

        var ex = Assert.Throws<ImageProcessingException>(() => ImageProbe.Probe(jpeg, new ImageLimits { MaxInputBytes = jpeg.Length - 1 }));

        Assert.Equal(ImageFailureReason.TooLarge, ex.Reason);
    }

    [Fact]
    public void Probe_PixelLimitJustBelowImage_ThrowsTooManyPixels()
    {
        byte[] jpeg = TestImages.NoisyJpeg(100, 100);

        Assert.Equal(100, ImageProbe.Probe(jpeg, new ImageLimits { MaxPixels = 10_000 }).Width);
        Assert.Equal(ImageFailureReason.TooManyPixels,
            Assert.Throws<ImageProcessingException>(() => ImageProbe.Probe(jpeg, new ImageLimits { MaxPixels = 9_999 })).Reason);
    }

    [Fact]
    public void TryProbe_Html_ReturnsFalseWithFailure()
    {
        Assert.False(ImageProbe.TryProbe(BrokenInputs.HtmlErrorPage(), out ImageInfo? info, out ImageProcessingException? failure));
        Assert.Null(info);
        Assert.Contains("HTML", failure!.Message);
    }
}
