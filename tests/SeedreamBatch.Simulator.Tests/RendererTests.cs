using SeedreamBatch.Imaging.Interop;
using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Tests;

public sealed class RendererTests
{
    private readonly VipsImageRenderer _renderer = new();

    [Theory]
    [InlineData(512, 512)]
    [InlineData(2560, 1440)]
    public void Render_Jpeg_HasRequestedSize(int width, int height)
    {
        var bytes = _renderer.Render(new ImageSpec("m", "a red bicycle leaning on a wall", 1, width, height, 0, "jpeg"));

        using var image = VipsImage.FromBuffer(bytes);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    [Fact]
    public void Render_SameSpec_SameBytes_OtherSeed_OtherBytes()
    {
        var spec = new ImageSpec("m", "green hills", 5, 512, 512, 0, "jpeg");

        Assert.Equal(_renderer.Render(spec), _renderer.Render(spec with { }));
        Assert.NotEqual(_renderer.Render(spec), _renderer.Render(spec with { Seed = 6 }));
    }

    [Fact]
    public void Render_Png_IsPng()
    {
        var bytes = _renderer.Render(new ImageSpec("m", "x", 1, 64, 64, 0, "png"));

        Assert.Equal([0x89, 0x50, 0x4E, 0x47], bytes[..4]);
    }
}
