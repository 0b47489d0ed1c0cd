using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;
using SeedreamBatch.Imaging.Operations;

namespace SeedreamBatch.Imaging;

/// <summary>
/// One recipe compiled into decode → operations → encode. Immutable and shared by all threads;
/// per-job state (the provenance) is passed to <see cref="Render"/>.
/// </summary>
internal sealed class VariantPipeline : IDisposable
{
    private readonly VariantSpec _spec;
    private readonly ThumbnailDecoder _decoder;
    private readonly IReadOnlyList<IImageOperation> _operations;
    private readonly ImageEncoder _encoder;

    internal VariantPipeline(VariantSpec spec, Func<string, VipsImage> logos)
    {
        _spec = spec;
        _decoder = new ThumbnailDecoder(spec.Width, spec.Height, spec.Fit, spec.Crop);
        var operations = new List<IImageOperation> { new ToSrgbOperation() };
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

    internal RenderedVariant Render(byte[] source, ImageInfo info, ImageProvenance? provenance)
    {
        VipsImage current;
        using (VipsImage lazy = _decoder.Decode(source, info))
        {
            // Decode fully here, so a broken file fails in one known place instead of inside an encoder:
            // libvips 8.14's webpsave leaks ~46 objects per call when its input fails mid-stream.
            current = lazy.CopyMemory();
        }

        try
        {
            IEnumerable<IImageOperation> steps = _operations;
            bool writeProvenance = _spec.Provenance && provenance is not null;
            if (writeProvenance)
            {
                steps = steps.Append(new ProvenanceOperation(provenance!, _spec.Format == VariantFormat.Png));
            }

            foreach (IImageOperation step in steps)
            {
                VipsImage next = step.Apply(current);
                current.Dispose();
                current = next;
            }

            byte[] data = _encoder.Encode(current, stripAll: _spec.StripMetadata && !writeProvenance);
            return new RenderedVariant(_spec.Name, _encoder.FormatName, current.Width, current.Height, data);
        }
        finally
        {
            current.Dispose();
        }
    }
}
