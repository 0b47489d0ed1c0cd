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
        string text = ex.Message.ToLowerInvariant();
        if (TruncationWords.Any(text.Contains))
        {
            return new ImageProcessingException(ImageFailureReason.Truncated, $"{what} is truncated: {ex.Message}", ex);
        }

        if (DecoderWords.Any(text.Contains))
        {
            return new ImageProcessingException(ImageFailureReason.Corrupt, $"{what} is corrupt: {ex.Message}", ex);
        }

        return new ImageProcessingException(ImageFailureReason.ProcessingFailed, $"{what} could not be processed: {ex.Message}", ex);
    }
}
