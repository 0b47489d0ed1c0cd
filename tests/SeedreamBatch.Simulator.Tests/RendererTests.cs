using NetVips;
using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Tests;

public sealed class RendererTests
{
    private readonly FlatImageRenderer _flat = new();
    private readonly PhotoImageRenderer _photo = new();

    private static Image Decode(byte[] bytes) => Image.NewFromBuffer(bytes, failOn: Enums.FailOn.Error);

    [Theory]
    [InlineData(512, 512)]
    [InlineData(2560, 1440)]
    public void Render_Flat_HasRequestedSize(int width, int height)
    {
        var bytes = _flat.Render(ImageSpec.For("m", "a red bicycle leaning on a wall", 1, width, height, 0, "jpeg"));

        using var image = Decode(bytes);
        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
    }

    [Theory]
    [InlineData(333, 217)]
    [InlineData(640, 480)]
    public void Render_Photo_HasRequestedSize(int width, int height)
    {
        using var image = Decode(_photo.Render(ImageSpec.For("m", "green hills", 3, width, height, 0, "jpeg")));

        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Fact]
    public void Render_Photo2048_IsPhotoSized()
    {
        // Natural-image statistics: a 2048² JPEG at q90 of a real photo is 0.5–1.5 MB; flat shapes are a tenth of that.
        var bytes = _photo.Render(ImageSpec.For("m", "STUDIO product photograph for an online shop: a navy blue t-shirt", 42, 2048, 2048, 0, "jpeg"));

        Assert.InRange(bytes.Length, 500_000, 1_500_000);
    }

    [Fact]
    public void Render_Photo_HasDetailEverywhere()
    {
        using var image = Decode(_photo.Render(ImageSpec.For("m", "green hills", 3, 512, 512, 0, "jpeg")));
        using var top = image.Crop(0, 0, 512, 400);

        // Grain and noise: no flat area; the flat renderer's background has a deviation near 0 between shapes.
        Assert.True(top.Deviate() > 8, $"deviation {top.Deviate()}");
    }

    [Fact]
    public void Render_SameSpec_SameBytes_OtherSeed_OtherBytes()
    {
        var spec = ImageSpec.For("m", "green hills", 5, 512, 512, 0, "jpeg");

        Assert.Equal(_photo.Render(spec), _photo.Render(spec with { }));
        Assert.NotEqual(_photo.Render(spec), _photo.Render(ImageSpec.For("m", "green hills", 6, 512, 512, 0, "jpeg")));
        Assert.Equal(_flat.Render(spec), _flat.Render(spec with { }));
        Assert.NotEqual(_flat.Render(spec), _flat.Render(ImageSpec.For("m", "green hills", 6, 512, 512, 0, "jpeg")));
    }

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public void Render_Flat_ValidImageCarryingItsLabel(string format)
    {
        var bytes = _flat.Render(ImageSpec.For("m", "Hero shot of SKU TEE-001 on white", 7, 640, 480, 2, format));

        using var image = Decode(bytes);
        Assert.Equal((640, 480), (image.Width, image.Height));
        Assert.Contains("TEE-001 · Hero shot of SKU TEE-001 on white · seed 7 · #2 · 640×480", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Png_IsPng()
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], _flat.Render(ImageSpec.For("m", "x", 1, 64, 64, 0, "png"))[..4]);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], _photo.Render(ImageSpec.For("m", "x", 1, 64, 64, 0, "png"))[..4]);
    }

    [Theory]
    [InlineData("STUDIO product photograph for an online shop: a navy blue crew-neck t-shirt (圆领T恤), made of cotton", "STUDIO · a navy blue crew-neck t-shirt, made of cotton")]
    [InlineData("Hero shot of SKU TEE-001 on white", "TEE-001 · Hero shot of SKU TEE-001 on white")]
    [InlineData("a red bicycle", "a red bicycle")]
    public void Title_Prompt_ShowsSkuOrSubject(string prompt, string expected)
    {
        Assert.Equal(expected, PictureLabel.Title(prompt));
    }
}
