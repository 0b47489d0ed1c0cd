using System.Runtime.InteropServices;

namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// An immutable libvips image, owned through a <see cref="SafeHandle"/> (one GObject reference).
/// Safe to share between threads for reading; every operation returns a new image. Dispose promptly:
/// the finalizer is a safety net, not the plan, because pixel buffers live in native memory the GC cannot see.
/// </summary>
public sealed class VipsImage : IDisposable
{
    private readonly VipsImageHandle _handle;

    /// <summary>Takes ownership of a reference the caller already holds.</summary>
    internal VipsImage(IntPtr image)
    {
        if (image == IntPtr.Zero)
        {
            throw new ArgumentException("null VipsImage pointer", nameof(image));
        }

        _handle = new VipsImageHandle(image);
    }

    /// <summary>Width in pixels.</summary>
    public int Width => LibVips.vips_image_get_width(Pointer);

    /// <summary>Height in pixels.</summary>
    public int Height => LibVips.vips_image_get_height(Pointer);

    /// <summary>Number of bands (3 = RGB, 4 = RGBA, 1 = grey or mask).</summary>
    public int Bands => LibVips.vips_image_get_bands(Pointer);

    /// <summary>True when the last band is alpha.</summary>
    public bool HasAlpha => LibVips.vips_image_hasalpha(Pointer) != 0;

    /// <summary>libvips' interpretation nick: <c>srgb</c>, <c>b-w</c>, <c>multiband</c>...</summary>
    public string Interpretation =>
        Marshal.PtrToStringUTF8(LibVips.vips_enum_nick(LibVips.vips_interpretation_get_type(), LibVips.vips_image_get_interpretation(Pointer))) ?? "unknown";

    /// <summary>libvips' band format nick: <c>uchar</c>, <c>ushort</c>, <c>float</c>...</summary>
    public string BandFormat =>
        Marshal.PtrToStringUTF8(LibVips.vips_enum_nick(LibVips.vips_band_format_get_type(), LibVips.vips_image_get_format(Pointer))) ?? "unknown";

    /// <summary>True for an image owned by a <see cref="VipsCanvas"/>, which draws on it in place.</summary>
    internal bool IsPrivateCanvas { get; init; }

    /// <summary>The raw pointer; valid only while this object is alive (use <see cref="AddRefForCall"/> around native calls).</summary>
    internal IntPtr RawPointer => _handle.DangerousGetHandle();

    private IntPtr Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>Keeps the handle from being released while a native call uses the pointer.</summary>
    internal void AddRefForCall()
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
    }

    internal void ReleaseRefForCall() => _handle.DangerousRelease();

    /// <summary>A black image (all bands zero) of the given size.</summary>
    public static VipsImage Black(int width, int height, int bands = 3) =>
        VipsOperation.CallImage("black", new VipsArguments { ["width"] = width, ["height"] = height, ["bands"] = bands });

    /// <summary>
    /// An 8-bit canvas filled with <paramref name="ink"/> (one value per band: 3 for sRGB, 4 for sRGBA, 1 for grey).
    /// </summary>
    public static VipsImage Solid(int width, int height, params double[] ink)
    {
        ArgumentOutOfRangeException.ThrowIfZero(ink.Length);
        using VipsImage black = Black(width, height, ink.Length);
        using VipsImage filled = VipsOperation.CallImage("linear", new VipsArguments
        {
            ["in"] = black,
            ["a"] = Enumerable.Repeat(1.0, ink.Length).ToArray(),
            ["b"] = ink,
            ["uchar"] = true,
        });

        // black makes a multiband image; tag it so savers and colour conversions treat it as sRGB / grey.
        return filled.Copy(ink.Length >= 3 ? "srgb" : "b-w");
    }

    /// <summary>
    /// Renders text to a one-band 8-bit mask (255 = ink). <paramref name="font"/> is a Pango description
    /// such as <c>"sans bold 24"</c>; <paramref name="width"/> wraps lines (0 = no wrapping).
    /// </summary>
    public static VipsImage Text(string text, string font = "sans 24", int width = 0, int dpi = 72) =>
        VipsOperation.CallImage("text", new VipsArguments
        {
            ["text"] = text,
            ["font"] = font,
            ["width"] = width > 0 ? width : null,
            ["dpi"] = dpi,
        });

    /// <summary>
    /// Decodes a whole image from bytes with <c>fail_on=error</c> (blocked loaders refuse). For untrusted
    /// downloads use ImageProbe/ImageProcessor instead, which enforces the size and pixel limits.
    /// </summary>
    public static VipsImage FromBuffer(ReadOnlySpan<byte> data)
    {
        string loader = Vips.FindLoader(data) ?? throw new VipsException("not a known image format");
        return VipsOperation.CallImage(loader, new VipsArguments { ["buffer"] = data.ToArray(), ["fail_on"] = "error" });
    }

    /// <summary>Runs an operation with this image as its <c>in</c> argument and returns its <c>out</c> image.</summary>
    public VipsImage Call(string operation, VipsArguments? arguments = null) =>
        VipsOperation.CallImage(operation, WithInput(arguments));

    /// <summary>A new image sharing pixels, optionally with another interpretation (for example <c>"srgb"</c>).</summary>
    public VipsImage Copy(string? interpretation = null) =>
        Call("copy", new VipsArguments { ["interpretation"] = interpretation });

    /// <summary>Renders the image into a private memory buffer (needed before in-place drawing).</summary>
    public VipsImage CopyMemory()
    {
        // copy first: vips_image_copy_memory returns the same object for an image already in memory,
        // and drawing on that would change an image someone else holds.
        using VipsImage copy = Copy();
        IntPtr memory = LibVips.vips_image_copy_memory(copy.Pointer);
        GC.KeepAlive(copy);
        if (memory == IntPtr.Zero)
        {
            throw VipsException.FromErrorBuffer("copy_memory");
        }

        return new VipsImage(memory);
    }

    /// <summary>A copy with a filled (or outlined) rectangle drawn on it.</summary>
    public VipsImage DrawRect(int left, int top, int width, int height, double[] ink, bool fill = true) =>
        Draw("draw_rect", new VipsArguments { ["ink"] = ink, ["left"] = left, ["top"] = top, ["width"] = width, ["height"] = height, ["fill"] = fill });

    /// <summary>A copy with a filled (or outlined) circle drawn on it.</summary>
    public VipsImage DrawCircle(int centreX, int centreY, int radius, double[] ink, bool fill = true) =>
        Draw("draw_circle", new VipsArguments { ["ink"] = ink, ["cx"] = centreX, ["cy"] = centreY, ["radius"] = radius, ["fill"] = fill });

    private VipsImage Draw(string operation, VipsArguments arguments)
    {
        arguments["image"] = this;
        using VipsResult result = VipsOperation.Call(operation, arguments);
        return result.TakeImage("image");
    }

    /// <summary>The rectangle (left, top, width, height) of this image; fails when it reaches outside.</summary>
    public VipsImage Crop(int left, int top, int width, int height) =>
        VipsOperation.CallImage("extract_area", new VipsArguments
        {
            ["input"] = this, ["left"] = left, ["top"] = top, ["width"] = width, ["height"] = height,
        });

    /// <summary>Alpha-composites <paramref name="overlay"/> over this image with its top-left corner at (x, y).</summary>
    public VipsImage Composite(VipsImage overlay, int x, int y) =>
        VipsOperation.CallImage("composite2", new VipsArguments
        {
            ["base"] = this,
            ["overlay"] = overlay,
            ["mode"] = "over",
            ["x"] = x,
            ["y"] = y,
        });

    /// <summary>Removes alpha by blending onto <paramref name="background"/>; images without alpha are returned as a copy.</summary>
    public VipsImage Flatten(double[] background) =>
        HasAlpha ? Call("flatten", new VipsArguments { ["background"] = background }) : Copy();

    /// <summary>Encodes as JPEG (alpha must be flattened first).</summary>
    public byte[] ToJpeg(int quality = 85, bool stripMetadata = true) =>
        Save("jpegsave_buffer", new VipsArguments { ["Q"] = quality }, stripMetadata);

    /// <summary>Encodes as PNG.</summary>
    public byte[] ToPng(bool stripMetadata = true) => Save("pngsave_buffer", null, stripMetadata);

    /// <summary>
    /// Runs a <c>*save_buffer</c> operation and returns the encoded bytes. Metadata stripping uses
    /// <c>strip</c> on libvips 8.14 and <c>keep=none</c> on 8.15+.
    /// </summary>
    public byte[] Save(string saver, VipsArguments? arguments = null, bool stripMetadata = false)
    {
        VipsArguments all = WithInput(arguments);
        if (stripMetadata)
        {
            if (Vips.SaversUseKeep)
            {
                all["keep"] = "none";
            }
            else
            {
                all["strip"] = true;
            }
        }

        using VipsResult result = VipsOperation.Call(saver, all);
        return result.Get<byte[]>("buffer");
    }

    /// <summary>This image as the <c>in</c> argument, then <paramref name="arguments"/>.</summary>
    private VipsArguments WithInput(VipsArguments? arguments)
    {
        var all = new VipsArguments { ["in"] = this };
        foreach ((string name, object? value) in arguments ?? [])
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>The names of every metadata field on the image (EXIF, XMP, ICC, PNG text...).</summary>
    public IReadOnlyList<string> GetFields()
    {
        IntPtr fields = LibVips.vips_image_get_fields(Pointer);
        var names = new List<string>();
        try
        {
            for (int i = 0; ; i++)
            {
                IntPtr name = Marshal.ReadIntPtr(fields, i * IntPtr.Size);
                if (name == IntPtr.Zero)
                {
                    break;
                }

                names.Add(Marshal.PtrToStringUTF8(name)!);
            }
        }
        finally
        {
            GLib.g_strfreev(fields);
        }

        return names;
    }

    /// <summary>True when the metadata field exists.</summary>
    public bool HasField(string name) => LibVips.vips_image_get_typeof(Pointer, name) != 0;

    /// <summary>A string metadata field (for example <c>png-comment-0-Title</c>), or null.</summary>
    public string? GetString(string name)
    {
        if (!HasField(name) || LibVips.vips_image_get_string(Pointer, name, out IntPtr value) != 0)
        {
            return null;
        }

        return Marshal.PtrToStringUTF8(value);
    }

    /// <summary>A blob metadata field (for example <c>xmp-data</c>), or null.</summary>
    public byte[]? GetBlob(string name)
    {
        if (!HasField(name) || LibVips.vips_image_get_blob(Pointer, name, out IntPtr data, out nuint length) != 0)
        {
            return null;
        }

        var bytes = new byte[(int)length];
        Marshal.Copy(data, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>
    /// A copy whose metadata is changed by <paramref name="edit"/>. libvips shares metadata between an
    /// image and anything computed from it, so fields are only ever set on a fresh copy.
    /// </summary>
    public VipsImage WithMetadata(Action<VipsMetadataEditor> edit)
    {
        VipsImage copy = Copy();
        try
        {
            edit(new VipsMetadataEditor(copy));
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    internal void SetStringUnsafe(string name, string value) => LibVips.vips_image_set_string(Pointer, name, value);

    internal unsafe void SetBlobUnsafe(string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
        {
            LibVips.vips_image_set_blob_copy(Pointer, name, (IntPtr)p, (nuint)value.Length);
        }
    }

    internal void RemoveUnsafe(string name) => LibVips.vips_image_remove(Pointer, name);

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
