namespace SeedreamBatch.Imaging.Interop;

/// <summary>Edits metadata on a fresh image copy inside <see cref="VipsImage.WithMetadata"/>.</summary>
public sealed class VipsMetadataEditor
{
    private readonly VipsImage _image;

    internal VipsMetadataEditor(VipsImage image)
    {
        _image = image;
    }

    /// <summary>Field names currently on the image.</summary>
    public IReadOnlyList<string> Fields => _image.GetFields();

    /// <summary>Sets a string field (for example <c>png-comment-0-Model</c>).</summary>
    public void SetString(string name, string value) => _image.SetStringUnsafe(name, value);

    /// <summary>Sets a blob field (for example <c>xmp-data</c>); the bytes are copied.</summary>
    public void SetBlob(string name, ReadOnlySpan<byte> value) => _image.SetBlobUnsafe(name, value);

    /// <summary>Removes a field if present.</summary>
    public void Remove(string name) => _image.RemoveUnsafe(name);
}
