using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Stamps a logo (decoded once, shared read-only) scaled to a fraction of the image width.</summary>
internal sealed class ImageWatermarkOperation : IImageOperation
{
    private readonly VipsImage _logo;
    private readonly WatermarkSpec _spec;

    /// <param name="logo">8-bit sRGBA logo in memory; owned by the caller (shared across recipes and threads).</param>
    /// <param name="spec">Placement, scale and opacity.</param>
    internal ImageWatermarkOperation(VipsImage logo, WatermarkSpec spec)
    {
        _logo = logo;
        _spec = spec;
    }

    public VipsImage Apply(VipsImage image)
    {
        int width = WatermarkCompositor.MarkWidth(image.Width, _spec.Scale);
        double factor = (double)width / _logo.Width;

        // Resize premultiplied, or transparent pixels' colour bleeds into the edges as a dark fringe.
        using VipsImage premultiplied = _logo.Call("premultiply");
        using VipsImage resized = premultiplied.Call("resize", new VipsArguments { ["scale"] = factor });
        using VipsImage straight = resized.Call("unpremultiply");
        using VipsImage mark8 = straight.Call("cast", new VipsArguments { ["format"] = "uchar" });
        using VipsImage mark = WatermarkCompositor.WithOpacity(mark8, _spec.Opacity);
        return WatermarkCompositor.Composite(image, mark, _spec);
    }

    /// <summary>Decodes a logo file into an 8-bit sRGBA memory image.</summary>
    internal static VipsImage LoadLogo(string path, ImageLimits limits)
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
            using VipsImage decoded = ImageProbe.Open(bytes, limits, out _);
            using VipsImage srgb = new ToSrgbOperation().Apply(decoded);
            using VipsImage rgba = srgb.HasAlpha ? srgb.Copy() : srgb.Call("bandjoin_const", new VipsArguments { ["c"] = new[] { 255.0 } });
            return rgba.CopyMemory();
        }
        catch (ImageProcessingException ex)
        {
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}': {ex.Message}", ex);
        }
        catch (VipsException ex)
        {
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, $"watermark image '{path}' cannot be decoded: {ex.Message}", ex);
        }
    }
}
