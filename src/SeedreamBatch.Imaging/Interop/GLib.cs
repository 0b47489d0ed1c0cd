using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>The few GLib allocator calls libvips needs from us (blobs are handed over in g_malloc memory).</summary>
internal static partial class GLib
{
    [LibraryImport(NativeLibraries.GLib)]
    internal static partial IntPtr g_malloc(nuint size);

    [LibraryImport(NativeLibraries.GLib)]
    internal static partial void g_free(IntPtr mem);

    [LibraryImport(NativeLibraries.GLib)]
    internal static partial void g_strfreev(IntPtr strv);

    /// <summary>Address of <c>g_free</c>, passed to libvips as the blob destructor.</summary>
    internal static IntPtr FreeFunction => s_freeFunction.Value;

    private static readonly Lazy<IntPtr> s_freeFunction = new(() =>
    {
        IntPtr lib = NativeLibrary.Load(NativeLibraries.GLib, typeof(GLib).Assembly, null);
        return NativeLibrary.GetExport(lib, "g_free");
    });
}
