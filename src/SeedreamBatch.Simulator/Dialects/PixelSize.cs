using System.Globalization;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>Width × height in pixels, written <c>WxH</c> on the wire.</summary>
internal readonly record struct PixelSize(int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    public double Aspect => (double)Width / Height;

    public static bool TryParse(string? text, out PixelSize size)
    {
        size = default;
        if (text is null)
        {
            return false;
        }

        var x = text.IndexOfAny(['x', 'X', '*']);
        if (x <= 0
            || !int.TryParse(text.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            || !int.TryParse(text.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || w <= 0 || h <= 0)
        {
            return false;
        }

        size = new PixelSize(w, h);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
}
