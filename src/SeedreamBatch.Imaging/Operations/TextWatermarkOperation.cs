using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Stamps text scaled to a fraction of the image width. The text is rendered once at a large size and
/// only resized per image: Pango rendering is serialised inside libvips, resizing is not.
/// </summary>
internal sealed class TextWatermarkOperation : IImageOperation, IDisposable
{
    private const int RenderPoints = 96;

    private readonly WatermarkSpec _spec;
    private readonly Lazy<VipsImage> _mask;

    internal TextWatermarkOperation(WatermarkSpec spec)
    {
        _spec = spec;
        _mask = new Lazy<VipsImage>(() =>
        {
            using VipsImage text = VipsImage.Text(spec.Text!, $"{spec.Font} {RenderPoints}");
            return text.CopyMemory();
        });
    }

    public VipsImage Apply(VipsImage image)
    {
        VipsImage mask = _mask.Value;
        int width = WatermarkCompositor.MarkWidth(image.Width, _spec.Scale);
        using VipsImage scaled = mask.Call("resize", new VipsArguments { ["scale"] = (double)width / mask.Width });
        using VipsImage alpha = scaled.Call("linear", new VipsArguments { ["a"] = _spec.Opacity, ["b"] = 0.0, ["uchar"] = true });
        using VipsImage ink = VipsImage.Solid(alpha.Width, alpha.Height, _spec.Colour.R, _spec.Colour.G, _spec.Colour.B);
        using VipsResult joined = VipsOperation.Call("bandjoin", new VipsArguments { ["in"] = new[] { ink, alpha } });
        using VipsImage rgba = joined.TakeImage();
        using VipsImage mark = rgba.Copy("srgb");
        return WatermarkCompositor.Composite(image, mark, _spec);
    }

    public void Dispose()
    {
        if (_mask.IsValueCreated)
        {
            _mask.Value.Dispose();
        }
    }
}
