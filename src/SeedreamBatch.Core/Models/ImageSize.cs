using System.Globalization;

namespace SeedreamBatch.Core.Models;

/// <summary>
/// A requested output size as the user wrote it, plus the pixels it stands for. Dialects send it in
/// their own form (a <c>size</c> string, a <c>custom_size</c> object, or aspect ratio + quality), so the
/// original kind is kept rather than flattened to pixels.
/// </summary>
public sealed record ImageSize
{
    /// <summary>
    /// The recommended 2K sizes per aspect ratio (ModelArk documentation as of 2026-11; docs/provider-apis.md §1 "Sizes";
    /// the older 2560x1440 and 3024x1296 remain valid requests when written as WxH); other presets scale them.
    /// </summary>
    public static IReadOnlyDictionary<string, (int Width, int Height)> Recommended2K { get; } =
        new Dictionary<string, (int, int)>(StringComparer.Ordinal)
        {
            ["1:1"] = (2048, 2048),
            ["4:3"] = (2304, 1728),
            ["3:4"] = (1728, 2304),
            ["16:9"] = (2848, 1600),
            ["9:16"] = (1600, 2848),
            ["3:2"] = (2496, 1664),
            ["2:3"] = (1664, 2496),
            ["21:9"] = (3136, 1344),
        };

    /// <summary>Scale of each preset relative to 2K: a 1K image has half the side of a 2K one (1.5K: Seedream 5.0 Pro).</summary>
    public static IReadOnlyDictionary<string, double> PresetScale { get; } =
        new Dictionary<string, double>(StringComparer.Ordinal) { ["1K"] = 0.5, ["1.5K"] = 0.75, ["2K"] = 1, ["3K"] = 1.5, ["4K"] = 2 };

    /// <summary>
    /// The most pixels any Seedream model takes (16,777,216 = 4096²). An aspect size scaled past it (16:9@4K from the
    /// 2K recommendation would be 5696x3200) is shrunk to fit, sides a multiple of 16, rather than refused.
    /// </summary>
    public const long MaxAspectPixels = 16_777_216;

    private ImageSize(ImageSizeKind kind, int width, int height, string? preset, string? aspectRatio)
    {
        Kind = kind;
        Width = width;
        Height = height;
        Preset = preset;
        AspectRatio = aspectRatio;
        Text = kind switch
        {
            ImageSizeKind.Pixels => string.Create(CultureInfo.InvariantCulture, $"{width}x{height}"),
            ImageSizeKind.Preset => preset!,
            ImageSizeKind.Aspect => preset == "2K" ? aspectRatio! : $"{aspectRatio}@{preset}",
            _ => "adaptive",
        };
    }

    /// <summary>The canonical text: what the user would write for this size (computed once: it is shown per job).</summary>
    public string Text { get; }

    /// <summary>
    /// The size as the request carries it: pixels for <c>WxH</c> and aspect sizes (<c>16:9</c> and
    /// <c>2560x1440</c> are one request), the preset name for presets. Part of the job key, so rewriting a
    /// size in an equivalent form does not pay for everything again.
    /// </summary>
    public string RequestText => Kind is ImageSizeKind.Pixels or ImageSizeKind.Aspect
        ? string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}")
        : Text;

    public ImageSizeKind Kind { get; }

    /// <summary>Pixels wide: exact for <see cref="ImageSizeKind.Pixels"/>, nominal for presets, 0 for adaptive.</summary>
    public int Width { get; }

    public int Height { get; }

    /// <summary><c>1K</c>..<c>4K</c> for presets and aspect sizes; null otherwise.</summary>
    public string? Preset { get; }

    /// <summary>The aspect ratio name for aspect sizes, and for pixel sizes that equal a recommended size.</summary>
    public string? AspectRatio { get; }

    public long PixelCount => (long)Width * Height;

    public static ImageSize Adaptive { get; } = new(ImageSizeKind.Adaptive, 0, 0, null, null);

    public static ImageSize FromPixels(int width, int height) =>
        new(ImageSizeKind.Pixels, width, height, null, MatchRecommendedAspect(width, height));

    /// <summary>
    /// Parses <c>2048x2048</c>, <c>2K</c>, <c>16:9</c>, <c>16:9@4K</c> or <c>adaptive</c>.
    /// Returns false with a message that says what forms are accepted.
    /// </summary>
    public static bool TryParse(string? text, out ImageSize size, out string error)
    {
        size = Adaptive;
        error = "";
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = "size is empty; use WxH (2048x2048), a preset (1K, 1.5K, 2K, 3K, 4K), an aspect ratio (16:9, 16:9@4K) or adaptive";
            return false;
        }

        if (string.Equals(value, "adaptive", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (TryParsePreset(value, out var preset))
        {
            var side = (int)(2048 * PresetScale[preset]);
            size = new ImageSize(ImageSizeKind.Preset, side, side, preset, null);
            return true;
        }

        var xAt = value.IndexOfAny(['x', 'X']);
        if (xAt > 0)
        {
            if (int.TryParse(value.AsSpan(0, xAt), NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                && int.TryParse(value.AsSpan(xAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
                && w > 0 && h > 0)
            {
                size = FromPixels(w, h);
                return true;
            }

            error = $"size '{value}' is not WxH with two positive whole numbers (e.g. 2048x2048)";
            return false;
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            var parts = value.Split('@', 2);
            var ratio = parts[0];
            var aspectPreset = "2K";
            if (parts.Length == 2 && !TryParsePreset(parts[1], out aspectPreset))
            {
                error = $"size '{value}': '{parts[1]}' is not a preset (1K, 1.5K, 2K, 3K, 4K)";
                return false;
            }

            if (!Recommended2K.TryGetValue(ratio, out var baseSize))
            {
                error = $"size '{value}': aspect ratio '{ratio}' is not one of {string.Join(", ", Recommended2K.Keys)}";
                return false;
            }

            var (width, height) = Scaled(baseSize, PresetScale[aspectPreset]);
            size = new ImageSize(ImageSizeKind.Aspect, width, height, aspectPreset, ratio);
            return true;
        }

        error = $"size '{value}' is not understood; use WxH (2048x2048), a preset (1K, 1.5K, 2K, 3K, 4K), an aspect ratio (16:9, 16:9@4K) or adaptive";
        return false;
    }

    public override string ToString() => Text;

    /// <summary>A recommended 2K size at another preset, shrunk to <see cref="MaxAspectPixels"/> when it would exceed it.</summary>
    public static (int Width, int Height) Scaled((int Width, int Height) size2K, double scale)
    {
        var (w, h) = ((int)(size2K.Width * scale), (int)(size2K.Height * scale));
        if ((long)w * h <= MaxAspectPixels)
        {
            return (w, h);
        }

        var shrink = Math.Sqrt(MaxAspectPixels / ((double)w * h));
        return ((int)(w * shrink) / 16 * 16, (int)(h * shrink) / 16 * 16);
    }

    private static bool TryParsePreset(string text, out string preset)
    {
        preset = text.ToUpperInvariant();
        return PresetScale.ContainsKey(preset);
    }

    private static string? MatchRecommendedAspect(int width, int height)
    {
        foreach (var (ratio, size) in Recommended2K)
        {
            foreach (var scale in PresetScale.Values)
            {
                if (Scaled(size, scale) == (width, height))
                {
                    return ratio;
                }
            }
        }

        return null;
    }
}
