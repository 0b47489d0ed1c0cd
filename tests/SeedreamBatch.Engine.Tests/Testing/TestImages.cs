using System.Buffers.Binary;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>Byte arrays that look like real images to a header sniffer.</summary>
internal static class TestImages
{
    /// <summary>A PNG signature and IHDR for the given size, padded to <paramref name="totalBytes"/>.</summary>
    public static byte[] Png(int width, int height, int totalBytes = 4096, byte fill = 7)
    {
        var bytes = new byte[Math.Max(totalBytes, 33)];
        Array.Fill(bytes, fill);
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        signature.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }

    /// <summary>A JPEG with an APP1 block before its SOF0 segment.</summary>
    public static byte[] Jpeg(int width, int height)
    {
        var bytes = new List<byte> { 0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10 };
        bytes.AddRange(new byte[14]);
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width]);
        bytes.AddRange(new byte[64]);
        return [.. bytes];
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
}
