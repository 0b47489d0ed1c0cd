using NetVips;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>
/// Removes every metadata field (EXIF, XMP, IPTC, ICC, PNG text, orientation...). The encoders also get
/// <c>keep=none</c> when nothing is to be kept; this step exists so a provenance packet can be added
/// afterwards and still be the only metadata written.
/// </summary>
internal sealed class StripMetadataOperation : IImageOperation
{
    public Image Apply(Image image) =>
        image.Mutate(editor =>
        {
            foreach (string field in image.GetFields())
            {
                // Header properties (width, bands, interpretation...) are not removable and are skipped by libvips.
                editor.Remove(field);
            }
        });
}
