using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Tests;

/// <summary>
/// Counts every live <c>VipsObject</c> (images, operations, regions) in the process through <c>vips_object_map</c>,
/// which NetVips does not expose: a missing unref anywhere shows up as a count that grows with the images processed.
/// </summary>
internal static unsafe partial class LiveObjects
{
    public static int Count()
    {
        Vips.EnsureInitialized();
        int count = 0;
        vips_object_map(&CountOne, (IntPtr)(&count), IntPtr.Zero);
        return count;
    }

    [UnmanagedCallersOnly]
    private static IntPtr CountOne(IntPtr item, IntPtr a, IntPtr b)
    {
        (*(int*)a)++;
        return IntPtr.Zero;
    }

    // The same libvips.so.42 NetVips loaded (from NetVips.Native, via the test's deps.json).
    [LibraryImport("libvips.so.42")]
    private static partial IntPtr vips_object_map(delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr> fn, IntPtr a, IntPtr b);
}
