using NetVips;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Writes the AI label and the asked-for job fields as XMP (and PNG text chunks for PNG output).</summary>
internal sealed class ProvenanceOperation : IImageOperation
{
    private readonly byte[] _xmp;
    private readonly IReadOnlyList<(string Field, string Value)> _pngText;

    internal ProvenanceOperation(ImageProvenance provenance, bool png)
    {
        _xmp = ProvenanceMetadata.BuildXmp(provenance);
        _pngText = png ? ProvenanceMetadata.PngText(provenance).ToArray() : [];
    }

    public Image Apply(Image image) =>
        image.Mutate(editor =>
        {
            editor.Set(GValue.BlobType, ProvenanceMetadata.XmpField, _xmp);
            foreach ((string field, string value) in _pngText)
            {
                editor.Set(GValue.GStrType, field, value);
            }
        });
}
