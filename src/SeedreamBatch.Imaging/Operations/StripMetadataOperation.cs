using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Removes every metadata field (EXIF, XMP, IPTC, ICC, PNG text, orientation...). The encoders also get
/// <c>strip</c> (8.14) / <c>keep=none</c> (8.15+) when nothing is to be kept; this step exists so a
/// provenance packet can be added afterwards and still be the only metadata written.
/// </summary>
internal sealed class StripMetadataOperation : IImageOperation
{
    public VipsImage Apply(VipsImage image) =>
        image.WithMetadata(editor =>
        {
            foreach (string field in editor.Fields)
            {
                // Header properties (width, bands, interpretation...) are not removable and are skipped by libvips.
                editor.Remove(field);
            }
        });
}
