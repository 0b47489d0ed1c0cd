using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Files;

/// <summary>
/// Issued result URLs. Nothing is kept per URL: the id carries the picture's spec and its expiry, signed with a key of
/// this instance, and the bytes are drawn again (or come from the cache) on download, so a million URLs cost no memory.
/// An id that is altered or from another instance answers 404; an expired one 403 for one more TTL, then 404.
/// </summary>
internal sealed class FileStore(TimeProvider time, TimeSpan ttl)
{
    private const int Fixed = 4 + 4 + 4 + 8 + 1 + 8 + 32;
    private const int MacBytes = 16;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Register(ImageSpec spec)
    {
        var title = Encoding.UTF8.GetBytes(spec.Title);
        var token = new byte[Fixed + title.Length + MacBytes];
        var s = token.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s, spec.Width);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], spec.Height);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], spec.Index);
        BinaryPrimitives.WriteInt64LittleEndian(s[12..], spec.Seed);
        s[20] = spec.Format == "png" ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(s[21..], (time.GetUtcNow() + ttl).ToUnixTimeMilliseconds());
        spec.Hash.CopyTo(s[29..]);
        title.CopyTo(s[Fixed..]);
        Sign(s[..^MacBytes], s[^MacBytes..]);
        return Base64Url.EncodeToString(token) + "." + (spec.Format == "png" ? "png" : "jpeg");
    }

    /// <summary>The spec and expiry in <paramref name="id"/>; null when it was not issued here or has been forgotten.</summary>
    public FileEntry? Find(string id)
    {
        var dot = id.LastIndexOf('.');
        if (dot < 0 || !TryBase64UrlDecode(id[..dot], out var token) || token.Length < Fixed + MacBytes)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[MacBytes];
        Sign(token.AsSpan(0, token.Length - MacBytes), mac);
        var s = token.AsSpan();
        var format = s[20] == 1 ? "png" : "jpeg";
        if (!CryptographicOperations.FixedTimeEquals(mac, s[^MacBytes..]) || id[(dot + 1)..] != format)
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(s[21..]));
        if (time.GetUtcNow() > expires + ttl)
        {
            return null;
        }

        var spec = new ImageSpec(s.Slice(29, 32).ToArray(), Encoding.UTF8.GetString(s[Fixed..^MacBytes]), BinaryPrimitives.ReadInt64LittleEndian(s[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(s), BinaryPrimitives.ReadInt32LittleEndian(s[4..]), BinaryPrimitives.ReadInt32LittleEndian(s[8..]), format);
        return new FileEntry(spec, expires);
    }

    public bool IsExpired(FileEntry entry) => time.GetUtcNow() >= entry.ExpiresAt;

    private void Sign(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data, full);
        full[..MacBytes].CopyTo(mac);
    }

    private static bool TryBase64UrlDecode(string text, out byte[] bytes)
    {
        bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (!Base64Url.TryDecodeFromChars(text, bytes, out var written))
        {
            return false;
        }

        bytes = bytes[..written];
        return true;
    }
}
