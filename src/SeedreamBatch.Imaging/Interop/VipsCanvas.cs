namespace SeedreamBatch.Imaging.Interop;

/// <summary>
/// A private in-memory 8-bit image that draw calls change in place — cheap for pictures built from many
/// shapes (one buffer, no copy per shape). Not thread-safe: one canvas belongs to one thread at a time.
/// </summary>
public sealed class VipsCanvas : IDisposable
{
    private readonly VipsImage _image;

    /// <summary>Creates a canvas filled with <paramref name="background"/> (3 values for sRGB, 4 for sRGBA).</summary>
    public VipsCanvas(int width, int height, params double[] background)
    {
        using VipsImage solid = VipsImage.Solid(width, height, background);
        using VipsImage memory = solid.CopyMemory();

        // A second reference to the same private buffer, marked so draw calls skip the protective copy.
        GObject.g_object_ref(memory.RawPointer);
        _image = new VipsImage(memory.RawPointer) { IsPrivateCanvas = true };
    }

    /// <summary>Width in pixels.</summary>
    public int Width => _image.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => _image.Height;

    /// <summary>Fills (or outlines) a rectangle.</summary>
    public VipsCanvas DrawRect(int left, int top, int width, int height, double[] ink, bool fill = true) =>
        Draw("draw_rect", new VipsArguments { ["ink"] = ink, ["left"] = left, ["top"] = top, ["width"] = width, ["height"] = height, ["fill"] = fill });

    /// <summary>Fills (or outlines) a circle.</summary>
    public VipsCanvas DrawCircle(int centreX, int centreY, int radius, double[] ink, bool fill = true) =>
        Draw("draw_circle", new VipsArguments { ["ink"] = ink, ["cx"] = centreX, ["cy"] = centreY, ["radius"] = radius, ["fill"] = fill });

    /// <summary>
    /// Paints anti-aliased text with its top-left at (x, y). <paramref name="font"/> is a Pango description
    /// (<c>"sans bold 32"</c>); <paramref name="wrapWidth"/> wraps lines (0 = none).
    /// </summary>
    public VipsCanvas DrawText(string text, int x, int y, double[] ink, string font = "sans 24", int wrapWidth = 0, int dpi = 72)
    {
        using VipsImage mask = VipsImage.Text(text, font, wrapWidth, dpi);
        return DrawMask(mask, x, y, ink);
    }

    /// <summary>Paints <paramref name="ink"/> through a one-band 8-bit mask (255 = full ink).</summary>
    public VipsCanvas DrawMask(VipsImage mask, int x, int y, double[] ink) =>
        Draw("draw_mask", new VipsArguments { ["ink"] = ink, ["mask"] = mask, ["x"] = x, ["y"] = y });

    /// <summary>Measures text as <see cref="DrawText"/> would render it: (width, height) in pixels.</summary>
    public static (int Width, int Height) MeasureText(string text, string font = "sans 24", int wrapWidth = 0, int dpi = 72)
    {
        using VipsImage mask = VipsImage.Text(text, font, wrapWidth, dpi);
        return (mask.Width, mask.Height);
    }

    /// <summary>An independent image of the current pixels (later drawing does not change it).</summary>
    public VipsImage Snapshot() => _image.CopyMemory();

    /// <summary>Encodes the current pixels as JPEG.</summary>
    public byte[] ToJpeg(int quality = 85) => _image.ToJpeg(quality);

    /// <summary>Encodes the current pixels as PNG.</summary>
    public byte[] ToPng() => _image.ToPng();

    private VipsCanvas Draw(string operation, VipsArguments arguments)
    {
        arguments["image"] = _image;
        using VipsResult result = VipsOperation.Call(operation, arguments);
        return this;
    }

    /// <inheritdoc />
    public void Dispose() => _image.Dispose();
}
