using System.Globalization;
using System.Security.Cryptography;

namespace SeedreamBatch.Core.Files;

/// <summary>A local image file checked by its bytes: read once under a byte cap, probed, hashed.</summary>
public sealed record LocalImage(string Path, ImageSignature Signature, string Sha256, long Bytes)
{
    /// <summary>
    /// Reads and checks <paramref name="realPath"/> (resolved by <see cref="FileAccessRule"/>). Throws
    /// <see cref="FileProblemException"/> when it is not an image, or is over a limit.
    /// </summary>
    public static LocalImage Read(string realPath, long maxBytes, long maxPixels, int minSide, string what)
    {
        var bytes = LocalFile.ReadAllBytes(realPath, maxBytes, what);
        var signature = ImageSignature.Probe(bytes, out var problem)
            ?? throw new FileProblemException($"{what} cannot be used: {problem}");
        if (signature.Pixels > maxPixels)
        {
            throw new FileProblemException(string.Create(CultureInfo.InvariantCulture,
                $"{what} is {signature.Width}x{signature.Height} ({signature.Pixels:N0} pixels), over the limit of {maxPixels:N0} pixels"));
        }

        if (Math.Min(signature.Width, signature.Height) <= minSide)
        {
            throw new FileProblemException(string.Create(CultureInfo.InvariantCulture,
                $"{what} is {signature.Width}x{signature.Height}; each side must be more than {minSide} pixels"));
        }

        return new LocalImage(realPath, signature, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
    }

    /// <summary>A reference image, within the provider's documented limits (Ark: 10 MB, 6000×6000, sides over 14 px).</summary>
    public static LocalImage Reference(string realPath, string what) =>
        Read(realPath, InputLimits.ReferenceBytes, InputLimits.ReferencePixels, InputLimits.ReferenceMinSide, what);

    public static LocalImage Watermark(string realPath, string what) =>
        Read(realPath, InputLimits.WatermarkBytes, InputLimits.WatermarkPixels, 0, what);
}
