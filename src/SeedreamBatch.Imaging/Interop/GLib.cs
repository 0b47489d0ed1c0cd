using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>The few GLib calls libvips needs from us: the allocator (blobs are handed over in g_malloc memory) and logging.</summary>
internal static partial class GLib
{
    [LibraryImport(NativeLibraries.GLib)]
    internal static partial IntPtr g_malloc(nuint size);

    [LibraryImport(NativeLibraries.GLib)]
    internal static partial void g_free(IntPtr mem);

    [LibraryImport(NativeLibraries.GLib)]
    internal static partial void g_strfreev(IntPtr strv);

    /// <summary>
    /// <c>G_LOG_LEVEL_CRITICAL | WARNING | MESSAGE</c>: what GLib's default handler would print (errors go to libvips'
    /// buffer; INFO and DEBUG, such as "selected loader is ...", print only under G_MESSAGES_DEBUG and stay with it).
    /// </summary>
    internal const int LogLevelsPrintedByDefault = (1 << 3) | (1 << 4) | (1 << 5);

    /// <summary><c>G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION</c>, so a handler set for these levels also covers them.</summary>
    internal const int LogFlags = (1 << 0) | (1 << 1);

    [LibraryImport(NativeLibraries.GLib, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial uint g_log_set_handler(string logDomain, int logLevels, delegate* unmanaged<IntPtr, int, IntPtr, IntPtr, void> logFunc, IntPtr userData);
}
