using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SeedreamBatch.Core.Variants;

/// <summary>An opaque 8-bit sRGB colour written as <c>#rrggbb</c> or <c>#rgb</c>.</summary>
public readonly record struct RgbColour(byte R, byte G, byte B)
{
    /// <summary>#ffffff, the default background.</summary>
    public static RgbColour White { get; } = new(255, 255, 255);

    /// <summary>#000000.</summary>
    public static RgbColour Black { get; } = new(0, 0, 0);

    /// <summary>Parses <c>#rrggbb</c> or <c>#rgb</c> (case-insensitive; the leading <c>#</c> is required).</summary>
    /// <exception cref="FormatException">The text is not such a colour; the message quotes it.</exception>
    public static RgbColour Parse(string text) =>
        TryParse(text, out RgbColour colour)
            ? colour
            : throw new FormatException($"'{text}' is not a colour; use #rrggbb or #rgb, for example #ffffff");

    /// <summary>Parses <c>#rrggbb</c> or <c>#rgb</c>; false when <paramref name="text"/> is anything else.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RgbColour colour)
    {
        colour = default;
        if (text is null || text.Length is not (4 or 7) || text[0] != '#')
        {
            return false;
        }

        ReadOnlySpan<char> hex = text.AsSpan(1);
        if (!uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint value))
        {
            return false;
        }

        colour = hex.Length == 6
            ? new RgbColour((byte)(value >> 16), (byte)(value >> 8), (byte)value)
            : new RgbColour((byte)((value >> 8 & 0xF) * 17), (byte)((value >> 4 & 0xF) * 17), (byte)((value & 0xF) * 17));
        return true;
    }

    /// <summary>The colour as <c>#rrggbb</c>.</summary>
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}";
}
