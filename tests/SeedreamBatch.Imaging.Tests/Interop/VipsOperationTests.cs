using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Tests.Interop;

public sealed class VipsOperationTests
{
    [Fact]
    public void Call_Black_ReturnsImageOfRequestedSizeAndBands()
    {
        using VipsImage image = VipsOperation.CallImage("black", new VipsArguments { ["width"] = 31, ["height"] = 17, ["bands"] = 3 });

        Assert.Equal((31, 17, 3), (image.Width, image.Height, image.Bands));
        Assert.Equal([0, 0, 0], TestImages.Pixel(image, 30, 16));
    }

    [Fact]
    public void Call_UnknownOperation_ThrowsVipsExceptionNamingIt()
    {
        var ex = Assert.Throws<VipsException>(() => VipsOperation.Call("no_such_op"));

        Assert.Contains("no_such_op", ex.Message);
    }

    [Fact]
    public void Call_UnknownArgument_ThrowsArgumentExceptionNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            VipsOperation.Call("black", new VipsArguments { ["width"] = 1, ["height"] = 1, ["colour"] = 3 }));

        Assert.Contains("colour", ex.Message);
    }

    [Fact]
    public void Call_BadEnumNick_ThrowsVipsException()
    {
        using VipsImage image = VipsImage.Solid(4, 4, 1, 2, 3);

        Assert.Throws<VipsException>(() => image.Call("cast", new VipsArguments { ["format"] = "not-a-format" }));
    }

    [Fact]
    public void Call_FailingOperation_ThrowsWithLibvipsReason()
    {
        using VipsImage image = VipsImage.Solid(4, 4, 1, 2, 3);

        var ex = Assert.Throws<VipsException>(() =>
            image.Crop(0, 0, 10, 10));

        Assert.Contains("extract_area", ex.Message);
    }

    [Fact]
    public void Call_RequestedOptionalOutput_IsReturned()
    {
        using VipsImage image = VipsImage.Solid(8, 8, 10).DrawRect(5, 6, 1, 1, [200]);

        using VipsResult result = VipsOperation.Call("max", new VipsArguments { ["in"] = image, ["x"] = true, ["y"] = true });

        Assert.Equal(200.0, result.Get<double>("out"));
        Assert.Equal((5, 6), (result.Get<int>("x"), result.Get<int>("y")));
    }

    [Fact]
    public void Call_BlobInputAndOutput_RoundTripsThroughJpeg()
    {
        using VipsImage image = VipsImage.Solid(20, 10, 255, 0, 0);
        byte[] jpeg = image.ToJpeg(95);

        using VipsImage decoded = VipsOperation.CallImage("jpegload_buffer", new VipsArguments { ["buffer"] = jpeg });

        Assert.Equal((20, 10), (decoded.Width, decoded.Height));
        double[] pixel = TestImages.Pixel(decoded, 5, 5);
        Assert.InRange(pixel[0], 240, 255);
        Assert.InRange(pixel[1], 0, 15);
    }

    [Fact]
    public void DrawRect_OnSharedImage_ReturnsCopyAndLeavesOriginalUnchanged()
    {
        using VipsImage original = VipsImage.Solid(10, 10, 0, 0, 0);

        using VipsImage drawn = original.DrawRect(2, 2, 3, 3, [255, 255, 255]);

        Assert.Equal([255, 255, 255], TestImages.Pixel(drawn, 3, 3));
        Assert.Equal([0, 0, 0], TestImages.Pixel(original, 3, 3));
    }

    [Fact]
    public void Solid_ThreeBands_IsTaggedSrgbAndFilled()
    {
        using VipsImage image = VipsImage.Solid(5, 5, 12, 34, 56);

        Assert.Equal([12, 34, 56], TestImages.Pixel(image, 4, 4));
        Assert.Equal("srgb", image.Interpretation);
    }

    [Fact]
    public void Version_IsAtLeast814()
    {
        Assert.True(Vips.Version >= new Version(8, 14), $"libvips {Vips.Version}");
        Assert.Equal(Vips.Version >= new Version(8, 15), Vips.SaversUseKeep);
    }

    [Fact]
    public void LibvipsNotFoundException_Message_IsOneLineNamingInstallCommand()
    {
        var ex = new LibvipsNotFoundException("libvips.so.42");

        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("apt-get install -y libvips42", ex.Message);
    }

    [Fact]
    public void Call_FromManyThreads_ProducesCorrectIndependentResults()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            using VipsImage image = VipsImage.Solid(16 + i, 8, i, 2 * i, 3 * i);
            byte[] png = image.ToPng();
            using VipsImage decoded = VipsImage.FromBuffer(png);
            double[] pixel = TestImages.Pixel(decoded, 1, 1);
            if (decoded.Width != 16 + i || pixel[0] != i || pixel[2] != 3 * i)
            {
                failures.Add($"#{i}: {decoded.Width} {string.Join(",", pixel)}");
            }
        });

        Assert.Empty(failures);
    }
}
