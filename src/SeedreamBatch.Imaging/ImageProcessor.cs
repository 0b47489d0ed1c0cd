using System.Collections.Concurrent;
using System.Security.Cryptography;
using NetVips;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Operations;

namespace SeedreamBatch.Imaging;

/// <summary>
/// Turns one downloaded image into its variant files. CPU-bound and synchronous: call it from as many
/// threads as there are cores. Thread-safe; one instance per run (it caches compiled recipes and
/// decoded watermark logos).
/// </summary>
public sealed class ImageProcessor : IDisposable
{
    private readonly ImageLimits _limits;
    private readonly ConcurrentDictionary<VariantSpec, VariantPipeline> _pipelines = new();
    private readonly ConcurrentDictionary<string, Lazy<Image>> _logos = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates a processor; applies the process-wide libvips settings (<see cref="Vips.EnsureInitialized"/>).</summary>
    public ImageProcessor(ImageLimits? limits = null, VipsSettings? settings = null)
    {
        _limits = limits ?? ImageLimits.Default;
        Vips.EnsureInitialized(settings);
    }

    /// <summary>
    /// Writes every variant of <paramref name="source"/> to its target path (temp file + atomic rename).
    /// All variants are rendered before any file is written, so a broken image leaves no files behind.
    /// </summary>
    /// <exception cref="ImageProcessingException">The image is rejected; <see cref="ImageProcessingException.ReasonCode"/> says why.</exception>
    public IReadOnlyList<VariantResult> Process(byte[] source, IReadOnlyList<VariantTarget> targets, ImageProvenance? provenance = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        IReadOnlyList<RenderedVariant> rendered = Render(source, targets.Select(t => t.Spec).ToArray(), provenance, cancellationToken);
        var results = new List<VariantResult>(rendered.Count);
        for (int i = 0; i < rendered.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RenderedVariant variant = rendered[i];
            AtomicFile.Write(targets[i].Path, variant.Data.Span);
            results.Add(new VariantResult(variant.Name, Path.GetFullPath(targets[i].Path), variant.Format, variant.Width, variant.Height,
                variant.Data.Length, Convert.ToHexStringLower(SHA256.HashData(variant.Data.Span))));
        }

        return results;
    }

    /// <summary>Like <see cref="Process"/>, reading the source from a file (refused before reading when over the byte limit).</summary>
    public IReadOnlyList<VariantResult> ProcessFile(string sourcePath, IReadOnlyList<VariantTarget> targets, ImageProvenance? provenance = null, CancellationToken cancellationToken = default)
    {
        _limits.CheckInputBytes(new FileInfo(sourcePath).Length);
        return Process(File.ReadAllBytes(sourcePath), targets, provenance, cancellationToken);
    }

    /// <summary>Renders variants in memory (no files). <c>keep</c> variants return the source bytes as they are.</summary>
    /// <exception cref="ImageProcessingException">The image is rejected.</exception>
    /// <exception cref="ArgumentException">A recipe is invalid (<see cref="VariantSpec.Validate"/> problems).</exception>
    public IReadOnlyList<RenderedVariant> Render(byte[] source, IReadOnlyList<VariantSpec> specs, ImageProvenance? provenance = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(specs);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        foreach (VariantSpec spec in specs)
        {
            IReadOnlyList<string> problems = spec.Validate();
            if (problems.Count > 0)
            {
                throw new ArgumentException($"variant '{spec.Name}': {string.Join("; ", problems)}", nameof(specs));
            }
        }

        // Every download is untrusted: limits and header checks run even when every variant is 'keep'. The probe and
        // the decode read the same pinned array (no copy into native memory); it outlives both images.
        using Source pinned = Source.NewFromMemory(source);
        using Image header = ImageProbe.Open(source, pinned, _limits, out ImageInfo info);
        VariantSpec[] processed = [.. specs.Where(s => !s.IsPassThrough)];
        Image? decoded = null;
        try
        {
            if (processed.Length > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                decoded = SourceDecoder.Decode(pinned, header, processed);
            }

            var rendered = new List<RenderedVariant>(specs.Count);
            foreach (VariantSpec spec in specs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (spec.IsPassThrough)
                {
                    rendered.Add(new RenderedVariant(spec.Name, info.Format, info.Width, info.Height, source));
                    continue;
                }

                VariantPipeline pipeline = _pipelines.GetOrAdd(spec, s => new VariantPipeline(s, Logo));
                rendered.Add(pipeline.Render(decoded!, provenance));
            }

            return rendered;
        }
        catch (VipsException ex)
        {
            throw ImageErrors.FromVips(ex, $"the {info.Format} image");
        }
        finally
        {
            decoded?.Dispose();
        }
    }

    private Image Logo(string path)
    {
        Lazy<Image> lazy = _logos.GetOrAdd(Path.GetFullPath(path), p => new Lazy<Image>(() => ImageWatermarkOperation.LoadLogo(p, _limits)));
        try
        {
            return lazy.Value;
        }
        catch (ImageProcessingException)
        {
            // Do not cache the failure: the file may appear (or be fixed) before the next job.
            _logos.TryRemove(new KeyValuePair<string, Lazy<Image>>(Path.GetFullPath(path), lazy));
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (Lazy<Image> logo in _logos.Values.Where(l => l.IsValueCreated))
        {
            logo.Value.Dispose();
        }

        _logos.Clear();
        foreach (VariantPipeline pipeline in _pipelines.Values)
        {
            pipeline.Dispose();
        }

        _pipelines.Clear();
    }
}
