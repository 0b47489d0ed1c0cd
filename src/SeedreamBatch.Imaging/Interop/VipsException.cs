namespace SeedreamBatch.Imaging.Interop;

/// <summary>A libvips operation failed; the message carries libvips' own error text.</summary>
public sealed class VipsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VipsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public VipsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Takes (and clears) libvips' error buffer. <c>vips_error_buffer_copy</c> copies and clears under
    /// libvips' lock, so two failing threads never free or read each other's half-written text.
    /// </summary>
    internal static VipsException FromErrorBuffer(string context)
    {
        string detail = TakeErrorBuffer();
        return new VipsException(detail.Length == 0 ? context : $"{context}: {detail}");
    }

    internal static string TakeErrorBuffer()
    {
        IntPtr text = LibVips.vips_error_buffer_copy();
        if (text == IntPtr.Zero)
        {
            return string.Empty;
        }

        try
        {
            string raw = System.Runtime.InteropServices.Marshal.PtrToStringUTF8(text) ?? string.Empty;
            return string.Join("; ", raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        finally
        {
            GLib.g_free(text);
        }
    }
}
