using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NetVips;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// Cheap pictures (<c>--images flat</c>): one flat colour of a 64-colour palette, picked by the spec hash. A colour is
/// encoded once per size and format (kept in a small LRU); each picture is that encoding with its spec written into a
/// comment (JPEG COM segment, PNG iTXt chunk: content key, label, seed, index, size), so no two specs share bytes and a
/// picture costs a copy instead of a draw and an encode (issue 18: ~10 ms → µs at 512²).
/// </summary>
internal sealed class FlatImageRenderer : ISimImageRenderer
{
    private const int Palette = 64;
    private readonly ByteLru<(int Width, int Height, int Colour, string Format)> _plain = new(16L * 1024 * 1024);

    public FlatImageRenderer() => SeedreamBatch.Imaging.Vips.EnsureInitialized();

    public bool Cheap => true;

    public byte[] Render(ImageSpec spec)
    {
        var plain = _plain.GetOrAdd((spec.Width, spec.Height, spec.Hash[0] % Palette, spec.Format), Encode);
        var text = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"seedream-sim {spec.ContentKey} · {spec.Title} · {PictureLabel.Subtitle(spec)}"));
        return spec.Format == "png" ? WithPngText(plain, text) : WithJpegComment(plain, text);
    }

    private static byte[] Encode((int Width, int Height, int Colour, string Format) key)
    {
        // Palette entries spread over the cube (4 levels per channel), never black or white.
        double Level(int shift) => 40 + (((key.Colour >> shift) & 3) * 55);
        using var black = Image.Black(key.Width, key.Height, 3);
        using var flat = black.NewFromImage(Level(0), Level(2), Level(4)).Copy(interpretation: Enums.Interpretation.Srgb);
        return key.Format == "png" ? flat.PngsaveBuffer(keep: Enums.ForeignKeep.None) : flat.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None);
    }

    /// <summary>A COM segment right after SOI (FF D8).</summary>
    private static byte[] WithJpegComment(byte[] jpeg, byte[] text)
    {
        var length = Math.Min(text.Length, ushort.MaxValue - 2);
        var bytes = new byte[jpeg.Length + 4 + length];
        jpeg.AsSpan(0, 2).CopyTo(bytes);
        bytes[2] = 0xFF;
        bytes[3] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), (ushort)(length + 2));
        text.AsSpan(0, length).CopyTo(bytes.AsSpan(6));
        jpeg.AsSpan(2).CopyTo(bytes.AsSpan(6 + length));
        return bytes;
    }

    /// <summary>An iTXt chunk (keyword Comment) right after the IHDR chunk (signature 8 + IHDR 25 bytes).</summary>
    private static byte[] WithPngText(byte[] png, byte[] text)
    {
        const int AfterIhdr = 33;
        // iTXt: keyword, NUL, not compressed (0, 0), no language tag or translated keyword (NUL, NUL), UTF-8 text.
        var data = new byte[12 + text.Length];
        "Comment\0\0\0\0\0"u8.CopyTo(data);
        text.CopyTo(data, 12);
        var bytes = new byte[png.Length + 12 + data.Length];
        png.AsSpan(0, AfterIhdr).CopyTo(bytes);
        var chunk = bytes.AsSpan(AfterIhdr);
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        "iTXt"u8.CopyTo(chunk[4..]);
        data.CopyTo(chunk[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(chunk[(8 + data.Length)..], Crc32(chunk.Slice(4, 4 + data.Length)));
        png.AsSpan(AfterIhdr).CopyTo(chunk[(12 + data.Length)..]);
        return bytes;
    }

    /// <summary>PNG's CRC-32 (ISO 3309), bit by bit: a chunk of ~150 bytes per picture.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
