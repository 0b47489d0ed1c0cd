using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SeedreamBatch.Simulator.Images;

/// <summary>Everything that decides a picture's pixels; equal specs give identical bytes.</summary>
internal sealed record ImageSpec(string Model, string Prompt, long Seed, int Width, int Height, int Index, string Format)
{
    private string? _key;

    /// <summary>SHA-256 of the canonical spec, hex: the cache key and the source of colours and shapes.</summary>
    public string ContentKey => _key ??= Convert.ToHexStringLower(Hash);

    public byte[] Hash => SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{Model}\n{Prompt}\n{Seed}\n{Width}x{Height}\n{Index}\n{Format}")));

    public string ContentType => Format == "png" ? "image/png" : "image/jpeg";
}
