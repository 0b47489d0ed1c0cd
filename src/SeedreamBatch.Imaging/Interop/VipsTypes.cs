namespace SeedreamBatch.Imaging.Interop;

/// <summary>GType ids of the libvips boxed and object types, looked up once after init.</summary>
internal static class VipsTypes
{
    private static readonly Lazy<nint> s_image = new(LibVips.vips_image_get_type);
    private static readonly Lazy<nint> s_blob = new(LibVips.vips_blob_get_type);
    private static readonly Lazy<nint> s_arrayDouble = new(LibVips.vips_array_double_get_type);
    private static readonly Lazy<nint> s_arrayInt = new(LibVips.vips_array_int_get_type);
    private static readonly Lazy<nint> s_arrayImage = new(LibVips.vips_array_image_get_type);

    internal static nint Image => s_image.Value;

    internal static nint Blob => s_blob.Value;

    internal static nint ArrayDouble => s_arrayDouble.Value;

    internal static nint ArrayInt => s_arrayInt.Value;

    internal static nint ArrayImage => s_arrayImage.Value;
}
