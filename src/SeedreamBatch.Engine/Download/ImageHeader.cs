using System.Buffers.Binary;
using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Engine.Download;

/// <summary>
/// Format and pixel size from an image's first bytes, so originals are named and recorded correctly
/// before (and without) libvips. JPEG's size sits in its SOF segment after any EXIF: <see cref="ImageSignature"/> scans for it.
/// </summary>
internal static class ImageHeader
{
    /// <summary>How much of a file the sniffer reads: enough to pass a large EXIF block.</summary>
    public const int BytesNeeded = 256 * 1024;

    public static (string Format, int Width, int Height) Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 24 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("png", BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..]));
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            // The SOF scan validate uses on local references; no SOF within the head gives 0 × 0.
            var size = ImageSignature.Probe(head, out _);
            return ("jpeg", size?.Width ?? 0, size?.Height ?? 0);
        }

        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ("webp", 0, 0);
        }

        if (head.Length >= 6 && head[..3].SequenceEqual("GIF"u8))
        {
            return ("gif", head.Length >= 10 ? BinaryPrimitives.ReadUInt16LittleEndian(head[6..]) : 0, head.Length >= 10 ? BinaryPrimitives.ReadUInt16LittleEndian(head[8..]) : 0);
        }

        // A CDN error page (HTML with a 200) or a truncated body must never become a job's original: it would be
        // recorded as done and its hash trusted. Retryable: the next try may get the image.
        throw new DownloadFailedException("not_an_image", "the response is not a PNG, JPEG, WebP or GIF image (an error page?)", isRetryable: true);
    }

    public static string ExtensionOf(string format) => format switch
    {
        "jpeg" => "jpg",
        _ => format,
    };
}
