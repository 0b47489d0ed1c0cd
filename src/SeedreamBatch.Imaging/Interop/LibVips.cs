using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// libvips entry points. Only non-variadic functions are declared: variadic calls through P/Invoke are
/// undefined behaviour on arm64 (see docs/libvips-binding.md), so every operation goes through
/// <see cref="VipsOperation"/>.
/// </summary>
internal static partial class LibVips
{
    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_init(string argv0);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_version(int flag);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_error_buffer_copy();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_error_clear();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_block_untrusted_set(int state);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_operation_block_set(string name, int state);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_cache_set_max(int max);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_cache_set_max_mem(nuint maxMem);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_cache_set_max_files(int maxFiles);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_concurrency_set(int concurrency);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_tracked_get_allocs();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nuint vips_tracked_get_mem();

    [LibraryImport(NativeLibraries.Vips)]
    internal static unsafe partial IntPtr vips_object_map(delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> fn, IntPtr a, IntPtr b);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr vips_operation_new(string name);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_cache_operation_build(IntPtr operation);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_object_unref_outputs(IntPtr obj);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_object_get_argument(IntPtr obj, string name, out IntPtr pspec, out IntPtr argumentClass, out IntPtr argumentInstance);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_object_get_argument_flags(IntPtr obj, string name);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_object_get_args(IntPtr obj, out IntPtr names, out IntPtr flags, out int count);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_enum_from_nick(string domain, nint type, string nick);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_flags_from_nick(string domain, nint type, string nick);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_enum_nick(nint type, int value);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_image_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_blob_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_interpretation_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_band_format_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_image_get_format(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_array_double_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_array_int_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial nint vips_array_image_get_type();

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_value_set_blob_free(ref GValue value, IntPtr data, nuint length);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_value_get_blob(ref GValue value, out nuint length);

    [LibraryImport(NativeLibraries.Vips)]
    internal static unsafe partial void vips_value_set_array_double(ref GValue value, double* array, int n);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_value_get_array_double(ref GValue value, out int n);

    [LibraryImport(NativeLibraries.Vips)]
    internal static unsafe partial void vips_value_set_array_int(ref GValue value, int* array, int n);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_value_get_array_int(ref GValue value, out int n);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial void vips_value_set_array_image(ref GValue value, int n);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_value_get_array_image(ref GValue value, out int n);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_image_get_width(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_image_get_height(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_image_get_bands(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_image_hasalpha(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial int vips_image_get_interpretation(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_image_copy_memory(IntPtr image);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_image_get_typeof(IntPtr image, string name);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_string(IntPtr image, string name, out IntPtr result);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_blob(IntPtr image, string name, out IntPtr data, out nuint length);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_image_set_string(IntPtr image, string name, string value);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_image_set_blob_copy(IntPtr image, string name, IntPtr data, nuint length);

    [LibraryImport(NativeLibraries.Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_remove(IntPtr image, string name);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_image_get_fields(IntPtr image);

    [LibraryImport(NativeLibraries.Vips)]
    internal static partial IntPtr vips_foreign_find_load_buffer(IntPtr data, nuint size);
}
