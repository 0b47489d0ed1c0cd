using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Imaging;

namespace SeedreamBatch.Engine.Adapters;

/// <summary>
/// Makes a job's variants with libvips. Variant files sit next to the original:
/// <c>{base}[-i].{variant}.{ext}</c> where the original is <c>{base}[-i].original.{ext}</c>.
/// </summary>
public sealed class ImagingPostProcessor : IImagePostProcessor
{
    private readonly ImageProcessor _processor;
    private readonly IReadOnlyList<VariantSpec> _specs;
    private readonly double _watermarkMargin;
    private readonly ProvenanceSpec _provenance;

    /// <param name="processor">Shared by the run (thread-safe); the caller disposes it.</param>
    /// <param name="specs">The manifest's variants as loaded (<see cref="OutputsSpec.Variants"/>).</param>
    /// <param name="watermarkMargin">outputs.watermark.margin, a fraction of the output width (<see cref="ForSource"/>).</param>
    /// <param name="provenance">outputs.provenance: the AI label, job fields and prompt to write into processed files.</param>
    public ImagingPostProcessor(ImageProcessor processor, IReadOnlyList<VariantSpec> specs, double watermarkMargin, ProvenanceSpec provenance)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(specs);
        _processor = processor;
        _specs = specs;
        _watermarkMargin = watermarkMargin;
        _provenance = provenance;
    }

    public Task<IReadOnlyList<VariantResult>> ProcessAsync(Job job, int imageIndex, string originalPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var bytes = File.ReadAllBytes(originalPath);

        // Every download is probed (format, limits, header) before libvips decodes it. With variants to make, the
        // processor's own probe is that check (one libvips open of the header instead of two, bench/README.md "End to
        // end"); a watermark needs the size first, and with no variants nothing else would look at the bytes.
        ImageInfo? info = null;
        if ((_specs.Count == 0 || _specs.Any(s => s.Watermark is not null)) && !ImageProbe.TryProbe(bytes, out info, out var failure))
        {
            throw Refused(failure!);
        }

        if (_specs.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<VariantResult>>([]);
        }

        var stem = StemOf(originalPath);
        var originalExtension = Path.GetExtension(originalPath).TrimStart('.');
        var targets = _specs.Select(s =>
        {
            var spec = info is null ? s : ForSource(s, _watermarkMargin, info.Width, info.Height);
            var extension = spec.IsPassThrough ? originalExtension : ImageSignature.ExtensionOf(spec.Format.ToString().ToLowerInvariant());
            return new VariantTarget(spec, $"{stem}.{spec.Name}.{extension}");
        }).ToList();
        var provenance = ProvenanceFor(job, _provenance);
        try
        {
            return Task.FromResult(_processor.Process(bytes, targets, provenance, cancellationToken));
        }
        catch (ImageProcessingException e) when (e.Reason is not (ImageFailureReason.ProcessingFailed or ImageFailureReason.WatermarkUnavailable))
        {
            // The probe's refusals, or data broken behind a good header (a truncated scan, scrambled pixels) that only
            // decoding finds: the download's fault either way.
            throw Refused(e);
        }
    }

    /// <summary>What a job's processed files say about it; null when the manifest turns everything off.</summary>
    internal static ImageProvenance? ProvenanceFor(Job job, ProvenanceSpec spec) => !spec.WritesAnything ? null
        : new ImageProvenance(AiSystemName(job.Request.Model), job.Request.ProviderModelId)
        {
            AiLabel = spec.AiLabel,
            JobKey = spec.Job ? job.Key : null,
            Seed = spec.Job ? job.Request.Seed : null,
            Prompt = spec.Prompt ? job.Request.Prompt : null,
        };

    /// <summary>The model family for IPTC <c>AISystemUsed</c>; the provider's model id goes in <c>AISystemVersionUsed</c>.</summary>
    internal static string AiSystemName(SeedreamModel model) => model switch
    {
        SeedreamModel.Seedream50Lite => "ByteDance Seedream 5.0 Lite",
        SeedreamModel.Seedream50Pro => "ByteDance Seedream 5.0 Pro",
        SeedreamModel.Seedream50Flash => "ByteDance Seedream 5.0 Flash",
        SeedreamModel.Seedream45 => "ByteDance Seedream 4.5",
        SeedreamModel.Seedream40 => "ByteDance Seedream 4.0",
        SeedreamModel.Seedream30T2I => "ByteDance Seedream 3.0",
        SeedreamModel.SeedEdit30 => "ByteDance SeedEdit 3.0",
        _ => "ByteDance Seedream",
    };

    /// <summary>
    /// <paramref name="spec"/> for a source of <paramref name="sourceWidth"/> × <paramref name="sourceHeight"/>. The
    /// manifest gives the watermark margin as a fraction of the output width (so one recipe looks alike on a thumbnail
    /// and a web image) while <see cref="WatermarkSpec.Margin"/> is in pixels: it is resolved here, per image.
    /// </summary>
    internal static VariantSpec ForSource(VariantSpec spec, double marginFraction, int sourceWidth, int sourceHeight)
    {
        if (spec.Watermark is not { } watermark)
        {
            return spec;
        }

        var outputWidth = spec.Width
            ?? (spec.Height is { } h && sourceHeight > 0 ? (int)Math.Round((double)sourceWidth * h / sourceHeight) : sourceWidth);
        return spec with { Watermark = watermark with { Margin = (int)Math.Round(marginFraction * Math.Max(1, outputWidth)) } };
    }

    /// <summary>
    /// The downloaded bytes were refused: corrupt, truncated or not an image is worth fetching again
    /// (<see cref="UnusableImageException"/>); too big or a blocked format is not.
    /// </summary>
    private static Exception Refused(ImageProcessingException e)
    {
        var message = $"the downloaded image is not usable ({e.ReasonCode}): {e.Message}";
        return IsUnusableBytes(e.Reason) ? new UnusableImageException(e.ReasonCode, message, e) : new ImageProcessingException(e.Reason, message, e);
    }

    /// <summary>Reasons that are the bytes' fault, not the recipe's or the limits': another fetch may give good bytes.</summary>
    internal static bool IsUnusableBytes(ImageFailureReason reason) =>
        reason is ImageFailureReason.Corrupt or ImageFailureReason.Truncated or ImageFailureReason.NotAnImage;

    /// <summary><c>/out/sku/studio-1.original.png</c> → <c>/out/sku/studio-1</c>.</summary>
    internal static string StemOf(string originalPath)
    {
        var withoutExtension = Path.Combine(Path.GetDirectoryName(originalPath) ?? "", Path.GetFileNameWithoutExtension(originalPath));
        var suffix = "." + OutputRecord.OriginalVariant;
        return withoutExtension.EndsWith(suffix, StringComparison.Ordinal) ? withoutExtension[..^suffix.Length] : withoutExtension;
    }
}
