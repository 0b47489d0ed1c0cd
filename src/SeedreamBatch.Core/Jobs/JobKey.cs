using System.Security.Cryptography;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// A job's identity: the canonical bytes of its paid request, and their SHA-256 (the job key) computed
/// on first use. <c>plan</c> over a million jobs needs only the cheap in-process fingerprint to find
/// duplicates, so most keys are never hashed there; <c>run</c> hashes each one once.
/// </summary>
public sealed class JobKey
{
    [ThreadStatic]
    private static SHA256? _sha256;

    private readonly byte[]? _canonical;
    private string? _hex;

    private JobKey(byte[]? canonical, string? hex)
    {
        _canonical = canonical;
        _hex = hex;
    }

    /// <summary>64 lower-case hex digits.</summary>
    public string Value => _hex ??= Hash(_canonical!);

    /// <summary>
    /// A 64-bit hash of the canonical bytes, for the duplicate screen only (<see cref="DuplicateScreen"/>): never
    /// stored, compared across processes, or taken as proof that two requests are equal (the SHA-256 is the identity).
    /// </summary>
    public ulong Fingerprint => _canonical is { } canonical ? Fingerprint64.Of(canonical) : Fingerprint64.Of(_hex.AsSpan());

    public static JobKey FromCanonical(byte[] canonical) => new(canonical, null);

    /// <summary>A key already known (read back from the state store, or written in a test).</summary>
    public static JobKey FromHex(string hex) => new(null, hex);

    public override string ToString() => Value;

    private static string Hash(byte[] canonical)
    {
        // One hasher per thread: OpenSSL 3's one-shot digest looks the algorithm up on every call.
        Span<byte> hash = stackalloc byte[32];
        (_sha256 ??= SHA256.Create()).TryComputeHash(canonical, hash, out _);
        return Convert.ToHexStringLower(hash);
    }
}
