using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Stamps text scaled to a fraction of the image width. The text is rendered once at a large size and
/// only resized per image: Pango rendering is serialised inside libvips, resizing is not.
/// </summary>
internal sealed class TextWatermarkOperation : IImageOperation, IDisposable
{
    private const int RenderPoints = 96;

    private readonly WatermarkSpec _spec;
    private readonly Lazy<Image> _mask;

    internal TextWatermarkOperation(WatermarkSpec spec)
    {
        _spec = spec;
        _mask = new Lazy<Image>(() =>
        {
            using Image text = Image.Text(System.Security.SecurityElement.Escape(spec.Text!), font: $"{spec.Font} {RenderPoints}");
            return text.CopyMemory();
        });
    }

    public Image Apply(Image image)
    {
        Image mask = _mask.Value;
        int width = WatermarkCompositor.MarkWidth(image.Width, _spec.Scale);
        using Image scaled = mask.Resize((double)width / mask.Width);
        using Image alpha = scaled.Linear([_spec.Opacity], [0.0], uchar: true);
        using Image ink = alpha.NewFromImage([(double)_spec.Colour.R, _spec.Colour.G, _spec.Colour.B]);
        using Image rgba = ink.Bandjoin(alpha);
        using Image mark = rgba.Copy(interpretation: Enums.Interpretation.Srgb);
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
