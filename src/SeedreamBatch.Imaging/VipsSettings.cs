namespace SeedreamBatch.Imaging;

/// <summary>
/// Process-wide libvips settings, applied once by <see cref="Vips.EnsureInitialized(VipsSettings?)"/>.
/// Defaults suit batch work: every input is a different image, so caching operations buys nothing and
/// only pins input buffers in native memory.
/// </summary>
public sealed record VipsSettings
{
    /// <summary>Operation cache size (entries). Default 0: batch inputs never repeat.</summary>
    public int CacheMaxOperations { get; init; }

    /// <summary>Operation cache memory cap in bytes. Default 16 MiB.</summary>
    public long CacheMaxMemoryBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Open files the cache may hold. Default 0.</summary>
    public int CacheMaxFiles { get; init; }

    /// <summary>
    /// Worker threads libvips uses per image. Default 1: the engine already runs one image per core,
    /// and per-image thread pools on top of that only add contention. <c>null</c> keeps libvips' default.
    /// </summary>
    public int? Concurrency { get; init; } = 1;

    /// <summary>
    /// Block loaders libvips marks untrusted and every loader outside JPEG/PNG/WebP/HEIF/GIF/TIFF.
    /// Default true; every downloaded image is untrusted.
    /// </summary>
    public bool BlockUntrustedLoaders { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static VipsSettings Default { get; } = new();
}
