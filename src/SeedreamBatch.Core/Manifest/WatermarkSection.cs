using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary><c>outputs.watermark</c>: a brand mark composited onto processed variants.</summary>
public sealed record WatermarkSection
{
    public required SourceLocation Location { get; init; }

    /// <summary>Absolute path of the watermark image (PNG with alpha works best).</summary>
    public string? ImagePath { get; init; }

    public string? Text { get; init; }

    /// <summary>north-west … south-east or centre. Default south-east.</summary>
    public string Gravity { get; init; } = "south-east";

    public double Opacity { get; init; } = 0.6;

    /// <summary>Watermark width as a fraction of the image width. Default 0.2.</summary>
    public double Scale { get; init; } = 0.2;

    /// <summary>Distance from the edges as a fraction of the image width. Default 0.02.</summary>
    public double Margin { get; init; } = 0.02;
}
