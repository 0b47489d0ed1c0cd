using NetVips;

namespace SeedreamBatch.Imaging;

/// <summary>Turns libvips failures into typed, one-line <see cref="ImageProcessingException"/>s.</summary>
internal static class ImageErrors
{
    private static readonly string[] TruncationWords =
        ["premature end", "truncated", "unexpected end", "not enough data", "out of data", "end of file", "short read", "eof"];

    private static readonly string[] DecoderWords =
        ["load", "vipsjpeg", "jpeg", "png", "webp", "heif", "gif", "tiff", "corrupt", "invalid", "bad ", "crc"];

    /// <summary>Classifies a libvips failure that happened while decoding or processing <paramref name="what"/>.</summary>
    internal static ImageProcessingException FromVips(VipsException ex, string what)
    {
        string detail = Detail(ex);
        string text = detail.ToLowerInvariant();
        if (TruncationWords.Any(text.Contains))
        {
            return new ImageProcessingException(ImageFailureReason.Truncated, $"{what} is truncated: {detail}", ex);
        }

        if (DecoderWords.Any(text.Contains))
        {
            return new ImageProcessingException(ImageFailureReason.Corrupt, $"{what} is corrupt: {detail}", ex);
        }

        return new ImageProcessingException(ImageFailureReason.ProcessingFailed, $"{what} could not be processed: {detail}", ex);
    }

    /// <summary>libvips' message on one line (NetVips puts "unable to call ..." and each libvips error on their own lines).</summary>
    internal static string Detail(VipsException ex) =>
        string.Join("; ", ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct());
}
