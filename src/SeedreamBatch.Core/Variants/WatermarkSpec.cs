namespace SeedreamBatch.Core.Variants;

/// <summary>
/// A brand mark stamped on a variant (manifest: <c>watermark</c>), either an image (<c>image</c>) or
/// text (<c>text</c>), never both.
/// </summary>
public sealed record WatermarkSpec
{
    /// <summary><c>image</c>: path of a PNG/WebP/JPEG logo, usually with alpha. Relative paths are the loader's business.</summary>
    public string? ImagePath { get; init; }

    /// <summary><c>text</c>: text to render instead of an image.</summary>
    public string? Text { get; init; }

    /// <summary><c>gravity</c>: where the mark sits. Default <see cref="WatermarkGravity.SouthEast"/>.</summary>
    public WatermarkGravity Gravity { get; init; } = WatermarkGravity.SouthEast;

    /// <summary><c>margin</c>: gap in output pixels between the mark and the edges it touches. Default 16.</summary>
    public int Margin { get; init; } = 16;

    /// <summary><c>opacity</c>: 0 (invisible, excluded) to 1 (as drawn). Default 1.</summary>
    public double Opacity { get; init; } = 1.0;

    /// <summary>
    /// <c>scale</c>: the mark's width as a fraction of the output image's width, so the same recipe looks
    /// alike on a 400 px thumbnail and a 1600 px web image. Default 0.2; range (0, 1].
    /// </summary>
    public double Scale { get; init; } = 0.2;

    /// <summary><c>font</c>: Pango font family and style for text marks (size follows <see cref="Scale"/>). Default <c>sans bold</c>.</summary>
    public string Font { get; init; } = "sans bold";

    /// <summary><c>colour</c>: ink of text marks. Default white.</summary>
    public RgbColour Colour { get; init; } = RgbColour.White;

    /// <summary>Problems with this watermark, as human-readable sentences; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        bool hasImage = !string.IsNullOrWhiteSpace(ImagePath);
        bool hasText = !string.IsNullOrWhiteSpace(Text);
        if (hasImage == hasText)
        {
            problems.Add("watermark needs exactly one of 'image' or 'text'");
        }

        if (!Enum.IsDefined(Gravity))
        {
            problems.Add($"watermark gravity {(int)Gravity} is not one of north, north-east, east, south-east, south, south-west, west, north-west, centre");
        }

        if (Margin < 0)
        {
            problems.Add($"watermark margin must be 0 or more pixels, got {Margin}");
        }

        if (!(Opacity > 0 && Opacity <= 1))
        {
            problems.Add($"watermark opacity must be greater than 0 and at most 1, got {Opacity}");
        }

        if (!(Scale > 0 && Scale <= 1))
        {
            problems.Add($"watermark scale (fraction of the image width) must be greater than 0 and at most 1, got {Scale}");
        }

        if (hasText && string.IsNullOrWhiteSpace(Font))
        {
            problems.Add("watermark font must not be empty");
        }

        return problems;
    }
}
