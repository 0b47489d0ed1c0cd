using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// Everything that decides a picture's pixels; equal specs give identical bytes. Small enough to travel in its result
/// URL (<see cref="Files.FileStore"/>), so the simulator keeps nothing per URL: the prompt is reduced to its label.
/// </summary>
/// <param name="Hash">SHA-256 of the request's model, prompt, seed, size, index and format: colours and shapes come from it.</param>
/// <param name="Title">The label's first line (<see cref="PictureLabel.Title"/> of the prompt).</param>
internal sealed record ImageSpec(byte[] Hash, string Title, long Seed, int Width, int Height, int Index, string Format)
{
    private string? _key;

    public static ImageSpec For(string model, string prompt, long seed, int width, int height, int index, string format) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{model}\n{prompt}\n{seed}\n{width}x{height}\n{index}\n{format}"))), PictureLabel.Title(prompt), seed, width, height, index, format);

    /// <summary>The hash in hex: the cache key.</summary>
    public string ContentKey => _key ??= Convert.ToHexStringLower(Hash);

    public string ContentType => Format == "png" ? "image/png" : "image/jpeg";
}
