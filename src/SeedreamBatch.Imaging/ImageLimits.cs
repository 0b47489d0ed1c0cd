namespace SeedreamBatch.Imaging;

/// <summary>Limits applied to every untrusted input before it is decoded.</summary>
public sealed record ImageLimits
{
    /// <summary>Largest accepted input in bytes. Default 64 MiB (a 4K Seedream PNG is ~20 MB).</summary>
    public long MaxInputBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest accepted width × height from the header. Default 268,402,689 (sharp's limit, 16383²).</summary>
    public long MaxPixels { get; init; } = 268_402_689;

    /// <summary>The defaults.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>Refuses an input of <paramref name="length"/> bytes over <see cref="MaxInputBytes"/> (<c>too_large</c>).</summary>
    internal void CheckInputBytes(long length)
    {
        if (length > MaxInputBytes)
        {
            throw new ImageProcessingException(ImageFailureReason.TooLarge, $"the image is {length:N0} bytes, over the {MaxInputBytes:N0}-byte limit");
        }
    }
}
