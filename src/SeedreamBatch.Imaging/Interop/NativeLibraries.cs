using System.Reflection;
using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// Maps the logical library names used by the P/Invoke declarations to the real file names per OS,
/// so one set of declarations works on Linux, macOS and Windows.
/// </summary>
internal static class NativeLibraries
{
    internal const string Vips = "vips";
    internal const string GObject = "gobject";
    internal const string GLib = "glib";

    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [Vips] = ["libvips.so.42", "libvips.42.dylib", "libvips-42.dll"],
        [GObject] = ["libgobject-2.0.so.0", "libgobject-2.0.0.dylib", "libgobject-2.0-0.dll"],
        [GLib] = ["libglib-2.0.so.0", "libglib-2.0.0.dylib", "libglib-2.0-0.dll"],
    };

    private static int s_registered;

    /// <summary>Registers the resolver once; throws <see cref="LibvipsNotFoundException"/> when libvips cannot load.</summary>
    internal static void Register()
    {
        if (Interlocked.Exchange(ref s_registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }

        foreach (string name in Candidates.Keys)
        {
            if (Load(name) == IntPtr.Zero)
            {
                throw new LibvipsNotFoundException(string.Join(" or ", Candidates[name]));
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        Candidates.ContainsKey(libraryName) ? Load(libraryName) : IntPtr.Zero;

    private static IntPtr Load(string logicalName)
    {
        foreach (string file in Candidates[logicalName])
        {
            if (NativeLibrary.TryLoad(file, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }
}
