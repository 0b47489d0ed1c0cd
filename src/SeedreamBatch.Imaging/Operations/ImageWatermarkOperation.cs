using NetVips;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Stamps a logo (decoded once, shared read-only) scaled to a fraction of the image width.</summary>
internal sealed class ImageWatermarkOperation : IImageOperation
{
    private readonly Image _logo;
    private readonly WatermarkSpec _spec;

    /// <param name="logo">8-bit sRGBA logo in memory; owned by the caller (shared across recipes and threads).</param>
    /// <param name="spec">Placement, scale and opacity.</param>
    internal ImageWatermarkOperation(Image logo, WatermarkSpec spec)
    {
        _logo = logo;
        _spec = spec;
    }

    public Image Apply(Image image)
    {
        int width = WatermarkCompositor.MarkWidth(image.Width, _spec.Scale);
        double factor = (double)width / _logo.Width;

        // Resize premultiplied, or transparent pixels' colour bleeds into the edges as a dark fringe.
        using Image premultiplied = _logo.Premultiply();
        using Image resized = premultiplied.Resize(factor);
        using Image straight = resized.Unpremultiply();
        using Image mark8 = straight.Cast(Enums.BandFormat.Uchar);
        using Image mark = WatermarkCompositor.WithOpacity(mark8, _spec.Opacity);
        return WatermarkCompositor.Composite(image, mark, _spec);
    }

    /// <summary>Decodes a logo file into an 8-bit sRGBA memory image.</summary>
    internal static Image LoadLogo(string path, ImageLimits limits)
    {
        byte[] bytes;
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length > limits.MaxInputBytes)
            {
                throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}' is over the {limits.MaxInputBytes:N0}-byte limit");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}' cannot be read: {ex.Message}", ex);
        }

        try
        {
            using Source pinned = Source.NewFromMemory(bytes);
            using Image decoded = ImageProbe.Open(bytes, pinned, limits, out _);
            using Image srgb = new ToSrgbOperation().Apply(decoded);
            using Image rgba = srgb.HasAlpha() ? srgb.Copy() : srgb.BandjoinConst([255.0]);
            return rgba.CopyMemory();
        }
        catch (ImageProcessingException ex)
        {
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}': {ex.Message}", ex);
        }
        catch (VipsException ex)
        {
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}' cannot be decoded: {ImageErrors.Detail(ex)}", ex);
        }
    }
}
