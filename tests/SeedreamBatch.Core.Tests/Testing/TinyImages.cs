using System.Buffers.Binary;

namespace SeedreamBatch.Core.Tests.Testing;

/// <summary>Image headers that Core's byte check accepts (it reads headers only; no pixels are decoded).</summary>
internal static class TinyImages
{
    /// <summary>A PNG signature and IHDR chunk for <paramref name="width"/>×<paramref name="height"/>; <paramref name="salt"/> varies the bytes.</summary>
    public static byte[] Png(int width = 64, int height = 64, byte salt = 0)
    {
        var bytes = new byte[34];
        ((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R']).CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 6;
        bytes[33] = salt;
        return bytes;
    }
}
