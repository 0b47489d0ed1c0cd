using System.Buffers.Binary;
using System.Text;

namespace SeedreamBatch.Imaging.Tests;

/// <summary>The corpus of broken downloads every job must survive.</summary>
internal static class BrokenInputs
{
    public static byte[] TruncatedJpeg()
    {
        byte[] jpeg = TestImages.NoisyJpeg(512, 512);
        return jpeg[..(jpeg.Length * 6 / 10)];
    }

    public static byte[] Empty() => [];

    public static byte[] HtmlErrorPage() =>
        Encoding.UTF8.GetBytes("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n");

    public static byte[] Svg() =>
        Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\"><rect width=\"100\" height=\"100\" fill=\"red\"/></svg>\n");

    public static byte[] Pdf() =>
        Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A valid PNG signature and IHDR declaring <paramref name="side"/>² RGB pixels, with a token IDAT: a decompression bomb's header.</summary>
    public static byte[] HugePngHeader(int side = 100_000)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>A JPEG whose Huffman table declares more codes than can exist (a decoder error, not a warning).</summary>
    public static byte[] CorruptJpeg()
    {
        byte[] jpeg = TestImages.NoisyJpeg(256, 256);
        int dht = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC4]);
        jpeg.AsSpan(dht + 5, 16).Fill(0xFF); // the 16 code-length counts after the table id
        return jpeg;
    }

    /// <summary>A JPEG scrambled after its first 32 bytes, as the simulator's corrupt download: libjpeg warns ("Corrupt JPEG data").</summary>
    public static byte[] ScrambledJpeg()
    {
        byte[] jpeg = TestImages.NoisyJpeg(64, 64);
        for (int i = 32; i < jpeg.Length; i++)
        {
            jpeg[i] ^= (byte)(0x5A + i);
        }

        return jpeg;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320 ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
