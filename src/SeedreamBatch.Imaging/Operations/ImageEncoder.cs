using NetVips;
using SeedreamBatch.Core.Variants;

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
    /// <param name="keep">
    /// Metadata the saver writes: everything when the source's is kept; only XMP and text chunks after
    /// <see cref="StripMetadataOperation"/> + provenance (never EXIF: savers would generate a fresh block); none otherwise.
    /// </param>
    internal byte[] Encode(Image image, Enums.ForeignKeep keep) => _format switch
    {
        VariantFormat.Jpeg => image.JpegsaveBuffer(q: _quality, keep: keep),
        VariantFormat.Webp => image.WebpsaveBuffer(q: _quality, effort: _effort, keep: keep),

        // AVIF is HEIF with AV1 compression; 8-bit, as every browser decodes.
        VariantFormat.Avif => image.HeifsaveBuffer(q: _quality, bitdepth: 8, compression: Enums.ForeignHeifCompression.Av1, effort: _effort, keep: keep),

        // PNG is lossless; a quality only means something as palette quantisation (as in sharp).
        VariantFormat.Png => image.PngsaveBuffer(compression: _effort, palette: _quality is not null ? true : null, q: _quality, keep: keep),
        _ => throw new ArgumentOutOfRangeException(nameof(image), _format, "unknown format"),
    };
}
