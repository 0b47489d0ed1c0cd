using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// Draws a picture a person can tell apart: a background colour, shapes and accent colours from the spec hash,
/// and the prompt's first words in a caption band. It draws at most 512 px on the long side and scales up to the
/// requested size, so a 4096² result costs one resize and one encode rather than 16 M pixels of drawing.
/// </summary>
internal sealed class VipsImageRenderer : ISimImageRenderer
{
    private const int DrawLongSide = 512;

    public VipsImageRenderer() => Vips.EnsureInitialized();

    public byte[] Render(ImageSpec spec)
    {
        var hash = spec.Hash;
        var scale = Math.Min(1.0, (double)DrawLongSide / Math.Max(spec.Width, spec.Height));
        var w = Math.Max(16, (int)Math.Round(spec.Width * scale));
        var h = Math.Max(16, (int)Math.Round(spec.Height * scale));
        using var canvas = new VipsCanvas(w, h, Colour(hash, 0, 0.35));
        var unit = Math.Min(w, h);
        for (var i = 0; i < 7; i++)
        {
            var b = hash.AsSpan(3 + (i * 4), 4);
            var x = b[1] * w / 255;
            var y = b[2] * h / 255;
            var size = unit * (8 + (b[3] % 28)) / 100;
            var ink = Colour(hash, 5 + (i * 3) % 24, 0.9);
            if ((b[0] & 1) == 0)
            {
                canvas.DrawCircle(x, y, size / 2, ink);
            }
            else
            {
                canvas.DrawRect(x - (size / 2), y - (size / 3), size, size * 2 / 3, ink);
            }
        }

        var band = Math.Max(12, h / 6);
        var fontPx = Math.Max(6, band * 2 / 5);
        canvas.DrawRect(0, h - band, w, band, [20, 20, 20]);
        canvas.DrawText(Caption(spec), 6, h - band + Math.Max(1, band / 8), [250, 250, 250], $"sans bold {fontPx}px", wrapWidth: w - 12);
        canvas.DrawText($"seed {spec.Seed} · #{spec.Index}", 6, 4, [255, 255, 255], $"sans {Math.Max(6, fontPx * 2 / 3)}px");
        if (w == spec.Width && h == spec.Height)
        {
            return spec.Format == "png" ? canvas.ToPng() : canvas.ToJpeg();
        }

        using var small = canvas.Snapshot();
        using var full = small.Call("thumbnail_image", new VipsArguments { ["width"] = spec.Width, ["height"] = spec.Height, ["size"] = "force" });
        return spec.Format == "png" ? full.ToPng() : full.ToJpeg();
    }

    /// <summary>The prompt's first words: enough to tell which prompt a picture came from.</summary>
    private static string Caption(ImageSpec spec)
    {
        var words = spec.Prompt.Split((char[]?)null, 7, StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(' ', words.Take(6));
        // Pango reads markup characters; the text is plain.
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    private static double[] Colour(byte[] hash, int at, double brightness) =>
        [hash[at] * brightness + 20, hash[at + 1] * brightness + 20, hash[at + 2] * brightness + 20];
}
