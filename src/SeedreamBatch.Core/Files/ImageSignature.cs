using System.Buffers.Binary;

namespace SeedreamBatch.Core.Files;

/// <summary>
/// An image's format and pixel size from its bytes alone (magic number and header), without decoding it: whether a
/// local reference or watermark is an image at all — a text file named <c>.png</c> is not — and whether it is within
/// the provider's limits, before anything is sent. libvips is not needed (and not trusted with unchecked input).
/// </summary>
public sealed record ImageSignature(string Format, int Width, int Height)
{
    /// <summary>How much of a file <see cref="Probe"/> needs at most: enough to pass a large EXIF block before a JPEG's size.</summary>
    public const int HeadBytes = 256 * 1024;

    public long Pixels => (long)Width * Height;

    /// <summary>The format by magic number alone (<c>png</c>, <c>jpeg</c>, <c>webp</c>, <c>gif</c>, <c>bmp</c>, <c>tiff</c>), or null.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> data) => data switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "png",
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', _, (byte)'a', ..] => "gif",
        [(byte)'B', (byte)'M', ..] => "bmp",
        [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "tiff",
        _ => null,
    };

    /// <summary>The file name extension of a format: <c>jpg</c> for <c>jpeg</c>, else the format's name.</summary>
    public static string ExtensionOf(string format) => format == "jpeg" ? "jpg" : format;

    /// <summary>The signature, or null with <paramref name="problem"/> saying why the bytes are not a usable image.</summary>
    public static ImageSignature? Probe(ReadOnlySpan<byte> data, out string? problem)
    {
        problem = null;
        var found = FormatOf(data) switch
        {
            "png" => Png(data),
            "jpeg" => Jpeg(data),
            "webp" => WebP(data),
            "gif" => Gif(data),
            "bmp" => Bmp(data),
            "tiff" => Tiff(data),
            _ => null,
        };

        if (found is null)
        {
            problem = Recognised(data)
                ? "its image header is damaged or truncated"
                : "it is not an image (no PNG, JPEG, WebP, GIF, BMP or TIFF signature in its first bytes)";
            return null;
        }

        if (found.Width <= 0 || found.Height <= 0)
        {
            problem = $"its {found.Format.ToUpperInvariant()} header gives no pixel size";
            return null;
        }

        return found;
    }

    private static bool Recognised(ReadOnlySpan<byte> data) =>
        data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) || data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || data.StartsWith("RIFF"u8) || data.StartsWith("GIF8"u8) || data.StartsWith("BM"u8)
        || data.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || data.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]);

    private static ImageSignature? Png(ReadOnlySpan<byte> d) =>
        d.Length >= 24 && d[12..16].SequenceEqual("IHDR"u8)
            ? new("png", BinaryPrimitives.ReadInt32BigEndian(d[16..]), BinaryPrimitives.ReadInt32BigEndian(d[20..]))
            : null;

    private static ImageSignature? Jpeg(ReadOnlySpan<byte> d)
    {
        var i = 2;
        while (i + 9 < d.Length)
        {
            if (d[i] != 0xFF)
            {
                return null;
            }

            var marker = d[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }

            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return new("jpeg", BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]));
            }

            if (length < 2)
            {
                return null;
            }

            i += 2 + length;
        }

        return null;
    }

    private static ImageSignature? WebP(ReadOnlySpan<byte> d)
    {
        if (d.Length < 30)
        {
            return null;
        }

        var chunk = d[12..16];
        if (chunk.SequenceEqual("VP8 "u8) && d[23] == 0x9D && d[24] == 0x01 && d[25] == 0x2A)
        {
            return new("webp", BinaryPrimitives.ReadUInt16LittleEndian(d[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(d[28..]) & 0x3FFF);
        }

        if (chunk.SequenceEqual("VP8L"u8) && d[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(d[21..]);
            return new("webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8X"u8))
        {
            return new("webp", (d[24] | (d[25] << 8) | (d[26] << 16)) + 1, (d[27] | (d[28] << 8) | (d[29] << 16)) + 1);
        }

        return null;
    }

    private static ImageSignature? Gif(ReadOnlySpan<byte> d) =>
        d.Length >= 10 ? new("gif", BinaryPrimitives.ReadUInt16LittleEndian(d[6..]), BinaryPrimitives.ReadUInt16LittleEndian(d[8..])) : null;

    private static ImageSignature? Bmp(ReadOnlySpan<byte> d) =>
        d.Length >= 26 && BinaryPrimitives.ReadUInt32LittleEndian(d[14..]) >= 40
            ? new("bmp", BinaryPrimitives.ReadInt32LittleEndian(d[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(d[22..])))
            : null;

    private static ImageSignature? Tiff(ReadOnlySpan<byte> d)
    {
        var little = d[0] == 0x49;
        if (d.Length < 8)
        {
            return null;
        }

        var ifd = U32(d, 4, little);
        if (ifd > d.Length - 2)
        {
            return null;
        }

        var count = U16(d, (int)ifd, little);
        int width = 0, height = 0;
        for (var e = 0; e < count; e++)
        {
            var at = (int)ifd + 2 + (e * 12);
            if (at + 12 > d.Length)
            {
                return null;
            }

            var tag = U16(d, at, little);
            var value = U16(d, at + 2, little) == 3 ? U16(d, at + 8, little) : (int)U32(d, at + 8, little);
            if (tag == 256)
            {
                width = value;
            }
            else if (tag == 257)
            {
                height = value;
            }
        }

        return new("tiff", width, height);
    }

    private static uint U32(ReadOnlySpan<byte> d, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt32BigEndian(d[at..]);

    private static ushort U16(ReadOnlySpan<byte> d, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt16BigEndian(d[at..]);
}
