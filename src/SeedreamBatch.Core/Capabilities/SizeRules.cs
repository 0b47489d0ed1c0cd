using System.Globalization;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Capabilities;

/// <summary>Which sizes a model accepts on one dialect, and the check that says why a size is refused.</summary>
public sealed record SizeRules
{
    /// <summary>Presets the model takes as-is (<c>2K</c>, <c>4K</c>...). Empty: presets are refused.</summary>
    public IReadOnlySet<string> Presets { get; init; } = new HashSet<string>();

    /// <summary>Whether <c>WxH</c> (and aspect ratios, which resolve to pixels) are accepted.</summary>
    public bool AcceptsPixels { get; init; } = true;

    public long MinPixels { get; init; }

    public long MaxPixels { get; init; } = 16_777_216;

    /// <summary>Smallest and largest width ÷ height.</summary>
    public double MinAspect { get; init; } = 1.0 / 16;

    public double MaxAspect { get; init; } = 16;

    public int? MinSide { get; init; }

    public int? MaxSide { get; init; }

    /// <summary>Only <c>adaptive</c> is accepted (SeedEdit 3.0).</summary>
    public bool AdaptiveOnly { get; init; }

    /// <summary>
    /// Set for dialects that take an aspect-ratio name plus a quality instead of pixels (KIE): then only
    /// these ratios at these presets are expressible, and pixel sizes must equal one of them exactly.
    /// </summary>
    public IReadOnlySet<string>? AspectRatioNames { get; init; }

    /// <summary>What the provider uses when no size is sent.</summary>
    public string DefaultSize { get; init; } = "2048x2048";

    /// <summary><see cref="DefaultSize"/> parsed: the size a job gets when the manifest lists none.</summary>
    public ImageSize DefaultImageSize
    {
        get
        {
            ImageSize.TryParse(DefaultSize, out var size, out _);
            return size;
        }
    }

    /// <summary>Returns null when the size is acceptable, else one sentence saying what is wrong and what is allowed.</summary>
    public string? Check(ImageSize size)
    {
        if (AdaptiveOnly)
        {
            return size.Kind == ImageSizeKind.Adaptive ? null : $"takes only size 'adaptive' (the output follows the input image), not '{size}'";
        }

        if (size.Kind == ImageSizeKind.Adaptive)
        {
            return "does not take size 'adaptive' (only SeedEdit 3.0 does)";
        }

        if (AspectRatioNames is not null)
        {
            return CheckAspectNamed(size);
        }

        if (size.Kind == ImageSizeKind.Preset)
        {
            return Presets.Contains(size.Preset!)
                ? null
                : Presets.Count == 0
                    ? $"takes no size presets, only WxH ({Describe()})"
                    : $"takes presets {string.Join(", ", Presets.Order(StringComparer.Ordinal))}, not {size.Preset}";
        }

        if (!AcceptsPixels)
        {
            return $"takes only the presets {string.Join(", ", Presets.Order(StringComparer.Ordinal))}, not '{size}'";
        }

        return CheckPixels(size);
    }

    private string? CheckPixels(ImageSize size)
    {
        var pixels = size.PixelCount;
        var aspect = (double)size.Width / size.Height;
        var shown = size.Kind == ImageSizeKind.Aspect ? $"'{size}' ({size.Width}x{size.Height})" : $"{size.Width}x{size.Height}";
        if (MinSide is { } minSide && (size.Width < minSide || size.Height < minSide))
        {
            return $"size {shown} has a side under {minSide} px ({Describe()})";
        }

        if (MaxSide is { } maxSide && (size.Width > maxSide || size.Height > maxSide))
        {
            return $"size {shown} has a side over {maxSide} px ({Describe()})";
        }

        if (pixels < MinPixels)
        {
            return string.Create(CultureInfo.InvariantCulture, $"size {shown} has {pixels:N0} pixels, under the minimum {MinPixels:N0} ({Describe()})");
        }

        if (pixels > MaxPixels)
        {
            return string.Create(CultureInfo.InvariantCulture, $"size {shown} has {pixels:N0} pixels, over the maximum {MaxPixels:N0} ({Describe()})");
        }

        if (aspect < MinAspect || aspect > MaxAspect)
        {
            return $"size {shown} has an aspect ratio outside [1/16, 16]";
        }

        return null;
    }

    private string? CheckAspectNamed(ImageSize size)
    {
        var ratios = string.Join(", ", AspectRatioNames!);
        var qualities = string.Join(", ", Presets.Order(StringComparer.Ordinal));
        return size.Kind switch
        {
            ImageSizeKind.Preset when Presets.Contains(size.Preset!) => null,
            ImageSizeKind.Aspect when AspectRatioNames!.Contains(size.AspectRatio!) && Presets.Contains(size.Preset!) => null,
            ImageSizeKind.Pixels when size.AspectRatio is { } r && AspectRatioNames!.Contains(r) && MatchesPreset(size) => null,
            _ => $"takes an aspect ratio ({ratios}) at {qualities}, so '{size}' cannot be expressed; write e.g. 16:9 or 16:9@4K",
        };
    }

    private bool MatchesPreset(ImageSize size)
    {
        foreach (var preset in Presets)
        {
            if (ImageSize.Scaled(ImageSize.Recommended2K[size.AspectRatio!], ImageSize.PresetScale[preset]) == (size.Width, size.Height))
            {
                return true;
            }
        }

        return false;
    }

    private string Describe()
    {
        var parts = new List<string>();
        if (Presets.Count > 0)
        {
            parts.Add("presets " + string.Join(", ", Presets.Order(StringComparer.Ordinal)));
        }

        if (MinSide is { } a && MaxSide is { } b && MinPixels == 0)
        {
            parts.Add($"WxH with sides {a}..{b}");
        }
        else
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"WxH with {MinPixels:N0}..{MaxPixels:N0} pixels") + (MaxSide is { } s ? $", sides ≤ {s}" : ""));
        }

        return "allowed: " + string.Join("; ", parts);
    }
}
