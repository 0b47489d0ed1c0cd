namespace SeedreamBatch.Core.Models;

public enum ImageSizeKind
{
    /// <summary>Exact pixels, written <c>2048x2048</c>.</summary>
    Pixels,

    /// <summary>A resolution preset (<c>1K</c>, <c>2K</c>, <c>3K</c>, <c>4K</c>) that the provider resolves.</summary>
    Preset,

    /// <summary>An aspect ratio (<c>16:9</c>, optionally <c>16:9@4K</c>) at a preset resolution.</summary>
    Aspect,

    /// <summary>The output follows the input image (SeedEdit 3.0 only).</summary>
    Adaptive,
}
