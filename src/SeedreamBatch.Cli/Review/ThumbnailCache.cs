using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging;

namespace SeedreamBatch.Cli.Review;

/// <summary>
/// The sheet's cell pictures: a job's smallest file is usually a thumbnail variant, served as it is; when a job has only
/// big files (no small variant in the manifest) a 320-pixel JPEG is made once with libvips and cached in
/// <c>.seedream/thumbs/</c> (named by path, size and time, so a changed file gets a new one). Never the original in a cell.
/// </summary>
internal sealed class ThumbnailCache(string outputs) : IDisposable
{
    /// <summary>Files up to this size are served as they are.</summary>
    public const long SmallEnoughBytes = 200 * 1024;

    private static readonly VariantSpec Spec = new() { Name = "review", Format = VariantFormat.Jpeg, Width = 320, Height = 320, Quality = 78 };
    private readonly SemaphoreSlim _gate = new(Math.Max(1, Environment.ProcessorCount / 2));
    private ImageProcessor? _processor;

    /// <summary>The file to serve for <paramref name="full"/>: itself when small, else its cached thumbnail (made now if needed).</summary>
    public async Task<string> GetAsync(string full, CancellationToken cancellationToken)
    {
        var info = new FileInfo(full);
        if (info.Length <= SmallEnoughBytes)
        {
            return full;
        }

        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Path.GetRelativePath(outputs, full)}|{info.Length}|{info.LastWriteTimeUtc.Ticks}"))))[..32] + ".jpg";
        var cached = Path.Combine(outputs, ".seedream", "thumbs", name);
        if (File.Exists(cached))
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(cached))
            {
                var processor = _processor ??= new ImageProcessor();
                var rendered = processor.Render(await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false), [Spec], null, cancellationToken);
                Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
                AtomicFile.Write(cached, rendered[0].Data.Span);
            }
        }
        finally
        {
            _gate.Release();
        }

        return cached;
    }

    public void Dispose()
    {
        _processor?.Dispose();
        _gate.Dispose();
    }
}
