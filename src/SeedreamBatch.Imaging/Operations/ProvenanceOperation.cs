using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Operations;

/// <summary>Writes model, prompt, seed and job key as XMP (and PNG text chunks for PNG output).</summary>
internal sealed class ProvenanceOperation : IImageOperation
{
    private readonly byte[] _xmp;
    private readonly IReadOnlyList<(string Field, string Value)> _pngText;

    internal ProvenanceOperation(ImageProvenance provenance, bool png)
    {
        _xmp = ProvenanceMetadata.BuildXmp(provenance);
        _pngText = png ? ProvenanceMetadata.PngText(provenance).ToArray() : [];
    }

    public VipsImage Apply(VipsImage image) =>
        image.WithMetadata(editor =>
        {
            editor.SetBlob(ProvenanceMetadata.XmpField, _xmp);
            foreach ((string field, string value) in _pngText)
            {
                editor.SetString(field, value);
            }
        });
}
