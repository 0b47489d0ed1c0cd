namespace SeedreamBatch.Core.Variants;

/// <summary>Where a watermark sits (manifest: <c>gravity</c>: <c>north</c>, <c>north-east</c>, ... <c>centre</c>).</summary>
public enum WatermarkGravity
{
    /// <summary><c>centre</c>.</summary>
    Centre,

    /// <summary><c>north</c>: top edge, centred horizontally.</summary>
    North,

    /// <summary><c>north-east</c>: top-right corner.</summary>
    NorthEast,

    /// <summary><c>east</c>: right edge, centred vertically.</summary>
    East,

    /// <summary><c>south-east</c> (default): bottom-right corner.</summary>
    SouthEast,

    /// <summary><c>south</c>: bottom edge, centred horizontally.</summary>
    South,

    /// <summary><c>south-west</c>: bottom-left corner.</summary>
    SouthWest,

    /// <summary><c>west</c>: left edge, centred vertically.</summary>
    West,

    /// <summary><c>north-west</c>: top-left corner.</summary>
    NorthWest,
}
