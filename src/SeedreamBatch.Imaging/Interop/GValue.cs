using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// GLib's <c>GValue</c>: a GType plus two 8-byte data words (24 bytes on 64-bit). Must start zeroed
/// before <c>g_value_init</c> and always be released with <c>g_value_unset</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public IntPtr GType;
    public long Data0;
    public long Data1;
}
