using NetVips;
using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Operations;

namespace SeedreamBatch.Imaging;

/// <summary>
/// One recipe compiled into operations → encode, applied to the source's shared decode. Immutable and shared
/// by all threads; per-job state (the provenance) is passed to <see cref="Render"/>.
/// </summary>
internal sealed class VariantPipeline : IDisposable
{
    private readonly VariantSpec _spec;
    private readonly IReadOnlyList<IImageOperation> _operations;
    private readonly ImageEncoder _encoder;

    internal VariantPipeline(VariantSpec spec, Func<string, Image> logos)
    {
        _spec = spec;
        var operations = new List<IImageOperation> { new ResizeOperation(spec.Width, spec.Height, spec.Fit, spec.Crop) };
        if (spec.Format == VariantFormat.Jpeg)
        {
            operations.Add(new FlattenOperation(spec.Background));
        }

        if (spec.Fit == VariantFit.Contain && spec.Width is int width && spec.Height is int height)
        {
            operations.Add(new PadOperation(width, height, spec.Background));
        }

        if (spec.Watermark is { } watermark)
        {
            operations.Add(watermark.ImagePath is { } logoPath
                ? new ImageWatermarkOperation(logos(logoPath), watermark)
                : new TextWatermarkOperation(watermark));
        }

        if (spec.StripMetadata)
        {
            operations.Add(new StripMetadataOperation());
        }

        _operations = operations;
        _encoder = new ImageEncoder(spec.Format, spec.Quality, spec.Effort);
    }

    public void Dispose()
    {
        foreach (IDisposable disposable in _operations.OfType<IDisposable>())
        {
            disposable.Dispose();
        }
    }

    /// <param name="decoded">The source decoded for every variant (8-bit sRGB in memory); not disposed here.</param>
    /// <param name="provenance">Written after stripping when the recipe asks for provenance.</param>
    internal RenderedVariant Render(Image decoded, ImageProvenance? provenance)
    {
        IEnumerable<IImageOperation> steps = _operations;
        bool writeProvenance = _spec.Provenance && provenance is not null;
        if (writeProvenance)
        {
            steps = steps.Append(new ProvenanceOperation(provenance!, _spec.Format == VariantFormat.Png));
        }

        Image current = decoded.Copy();
        try
        {
            foreach (IImageOperation step in steps)
            {
                Image next = step.Apply(current);
                current.Dispose();
                current = next;
            }

            Enums.ForeignKeep keep = !_spec.StripMetadata ? Enums.ForeignKeep.All
                : writeProvenance ? Enums.ForeignKeep.Xmp | Enums.ForeignKeep.Other
                : Enums.ForeignKeep.None;
            byte[] data = _encoder.Encode(current, keep);
            return new RenderedVariant(_spec.Name, _encoder.FormatName, current.Width, current.Height, data);
        }
        finally
        {
            current.Dispose();
        }
    }
}
