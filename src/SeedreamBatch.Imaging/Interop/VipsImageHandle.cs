using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>Owns one GObject reference to a <c>VipsImage*</c>; releasing it drops that reference.</summary>
internal sealed class VipsImageHandle : SafeHandle
{
    /// <summary>Takes ownership of a reference the caller already holds.</summary>
    internal VipsImageHandle(IntPtr image)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(image);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        GObject.g_object_unref(handle);
        return true;
    }
}
