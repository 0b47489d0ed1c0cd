using System.Text;
using NetVips;

namespace SeedreamBatch.Imaging;

/// <summary>
/// Cheap validation of downloaded bytes: identifies the format and reads the header (no pixel decoding),
/// enforcing the byte and pixel limits. Thread-safe.
/// </summary>
public static class ImageProbe
{
    private static readonly Dictionary<string, string> FormatsByLoader = new(StringComparer.Ordinal)
    {
        // vips_foreign_find_load_buffer answers with GType names.
        ["VipsForeignLoadJpegBuffer"] = "jpeg",
        ["VipsForeignLoadPngBuffer"] = "png",
        ["VipsForeignLoadWebpBuffer"] = "webp",
        ["VipsForeignLoadHeifBuffer"] = "heif",
        ["VipsForeignLoadNsgifBuffer"] = "gif",
        ["VipsForeignLoadTiffBuffer"] = "tiff",
    };

    private const string Supported = "JPEG, PNG, WebP, AVIF/HEIF, GIF or TIFF";

    /// <summary>Reads format and size from the header.</summary>
    /// <exception cref="ImageProcessingException">Empty, not an image, blocked format, too large, too many pixels, or a broken header.</exception>
    public static ImageInfo Probe(ReadOnlySpan<byte> data, ImageLimits? limits = null)
    {
        limits ??= ImageLimits.Default;
        CheckBytes(data.Length, limits);
        byte[] copy = data.ToArray();
        using Source pinned = Source.NewFromMemory(copy);
        using Image header = Open(copy, pinned, limits, out ImageInfo info);
        return info;
    }

    /// <summary>Like <see cref="Probe(ReadOnlySpan{byte}, ImageLimits?)"/> without copying <paramref name="data"/> (libvips reads it in place).</summary>
    public static bool TryProbe(byte[] data, out ImageInfo? info, out ImageProcessingException? failure, ImageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        limits ??= ImageLimits.Default;
        try
        {
            CheckBytes(data.Length, limits);
            using Source pinned = Source.NewFromMemory(data);
            using Image header = Open(data, pinned, limits, out ImageInfo probed);
            info = probed;
            failure = null;
            return true;
        }
        catch (ImageProcessingException ex)
        {
            info = null;
            failure = ex;
            return false;
        }
    }

    /// <summary>Like <see cref="Probe"/> but returns false (and the failure) instead of throwing.</summary>
    public static bool TryProbe(ReadOnlySpan<byte> data, out ImageInfo? info, out ImageProcessingException? failure, ImageLimits? limits = null) =>
        TryProbe(data.ToArray(), out info, out failure, limits);

    /// <summary>The provenance written by a <c>provenance: true</c> variant, or null when the file has none.</summary>
    public static ImageProvenance? ReadProvenance(ReadOnlySpan<byte> data)
    {
        CheckBytes(data.Length, ImageLimits.Default);
        byte[] copy = data.ToArray();
        using Source pinned = Source.NewFromMemory(copy);
        using Image image = Open(copy, pinned, ImageLimits.Default, out _);
        return ProvenanceMetadata.Read(image);
    }

    /// <summary>
    /// Checks limits and format and opens the image: the header and metadata are read, pixels are decoded
    /// later, on demand, by whatever uses the returned image (the caller disposes it).
    /// </summary>
    /// <param name="data">The encoded image.</param>
    /// <param name="pinned">
    /// <paramref name="data"/> as a libvips source (<see cref="Source.NewFromMemory(byte[])"/> pins the array and libvips
    /// reads it in place; <c>NewFromBuffer</c> would copy all of it into native memory on every open). The caller
    /// disposes it after the returned image and everything made from it.
    /// </param>
    internal static Image Open(byte[] data, Source pinned, ImageLimits limits, out ImageInfo info)
    {
        CheckBytes(data.Length, limits);
        string? loader = Vips.FindLoader(data);
        if (loader is null)
        {
            throw Unrecognised(data);
        }

        if (!FormatsByLoader.TryGetValue(loader, out string? format))
        {
            throw new ImageProcessingException(ImageFailureReason.UnsupportedFormat,
                $"{loader.Replace("VipsForeignLoad", string.Empty, StringComparison.Ordinal).Replace("Buffer", string.Empty, StringComparison.Ordinal)} images are not accepted; expected {Supported}");
        }

        if (format == "heif" && IsAvif(data))
        {
            format = "avif";
        }

        Image image;
        try
        {
            // Building a loader reads the header only; pixels are decoded later, on demand.
            image = Image.NewFromSource(pinned, failOn: Enums.FailOn.Error);
        }
        catch (VipsException ex)
        {
            throw ImageErrors.FromVips(ex, $"the {format} header");
        }

        info = new ImageInfo(format, image.Width, image.Height, image.Bands, image.HasAlpha());
        if ((long)info.Width * info.Height > limits.MaxPixels)
        {
            image.Dispose();
            throw new ImageProcessingException(ImageFailureReason.TooManyPixels,
                $"the image declares {info.Width}x{info.Height} = {(long)info.Width * info.Height:N0} pixels, over the {limits.MaxPixels:N0}-pixel limit");
        }

        return image;
    }

    private static void CheckBytes(int length, ImageLimits limits)
    {
        if (length == 0)
        {
            throw new ImageProcessingException(ImageFailureReason.NotAnImage, "the download is empty (0 bytes)");
        }

        limits.CheckInputBytes(length);
    }

    private static bool IsAvif(ReadOnlySpan<byte> data) =>
        data.Length >= 12 && data.Slice(4, 4).SequenceEqual("ftyp"u8) && (data.Slice(8, 4).SequenceEqual("avif"u8) || data.Slice(8, 4).SequenceEqual("avis"u8));

    private static ImageProcessingException Unrecognised(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> head = data[..Math.Min(data.Length, 4096)];
        if (head.StartsWith("%PDF"u8))
        {
            return new ImageProcessingException(ImageFailureReason.UnsupportedFormat, $"PDF documents are not accepted; expected {Supported}");
        }

        string text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('<'))
        {
            if (text.Contains("<svg", StringComparison.OrdinalIgnoreCase))
            {
                return new ImageProcessingException(ImageFailureReason.UnsupportedFormat, $"SVG images are not accepted (untrusted vector input); expected {Supported}");
            }

            string kind = text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase)
                ? "an HTML page" : "XML/HTML text";
            return new ImageProcessingException(ImageFailureReason.NotAnImage, $"the download is {kind}, not an image (an error page?)");
        }

        string firstBytes = Convert.ToHexString(data[..Math.Min(8, data.Length)]).ToLowerInvariant();
        return new ImageProcessingException(ImageFailureReason.NotAnImage,
            $"the download is not a recognised image (first bytes {firstBytes}); expected {Supported}");
    }
}
