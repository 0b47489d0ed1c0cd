using SeedreamBatch.Core.Variants;
using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Encodes JPEG / PNG / WebP / AVIF with the recipe's quality and effort.</summary>
internal sealed class ImageEncoder
{
    private readonly VariantFormat _format;
    private readonly int? _quality;
    private readonly int? _effort;

    internal ImageEncoder(VariantFormat format, int? quality, int? effort)
    {
        if (format == VariantFormat.Keep)
        {
            throw new ArgumentException("'keep' is not encoded", nameof(format));
        }

        _format = format;
        _quality = quality;
        _effort = effort;
    }

    /// <summary>The manifest name of the output format.</summary>
    internal string FormatName => ManifestEnum.ToManifestName(_format);

    /// <param name="image">8-bit sRGB(A); alpha already flattened for JPEG.</param>
    /// <param name="stripAll">Drop all metadata in the saver (strip on 8.14, keep=none on 8.15+).</param>
    internal byte[] Encode(VipsImage image, bool stripAll)
    {
        (string saver, VipsArguments arguments) = _format switch
        {
            VariantFormat.Jpeg => ("jpegsave_buffer", new VipsArguments { ["Q"] = _quality }),
            VariantFormat.Webp => ("webpsave_buffer", new VipsArguments { ["Q"] = _quality, ["effort"] = _effort }),
            VariantFormat.Avif => ("heifsave_buffer", new VipsArguments
            {
                // 8.14 has no avifsave: AVIF is HEIF with AV1 compression.
                ["compression"] = "av1", ["Q"] = _quality, ["effort"] = _effort, ["bitdepth"] = 8,
            }),
            VariantFormat.Png => ("pngsave_buffer", new VipsArguments
            {
                ["compression"] = _effort,

                // PNG is lossless; a quality only means something as palette quantisation (as in sharp).
                ["palette"] = _quality is not null ? true : null,
                ["Q"] = _quality,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(image), _format, "unknown format"),
        };
        return image.Save(saver, arguments, stripAll);
    }
}
