namespace SeedreamBatch.Imaging;

/// <summary>
/// One image (one job) could not be processed. The reason code goes into the manifest's error column;
/// the message is one line a user can act on. Never fatal to the process or other jobs.
/// </summary>
/// <remarks>Creates the exception.</remarks>
public sealed class ImageProcessingException(ImageFailureReason reason, string message, Exception? innerException = null) : Exception(message, innerException)
{

    /// <summary>The reason.</summary>
    public ImageFailureReason Reason { get; } = reason;

    /// <summary>The reason as a snake_case code: <c>not_an_image</c>, <c>truncated</c>, <c>too_many_pixels</c>...</summary>
    public string ReasonCode => ToCode(Reason);

    /// <summary>The snake_case code of a reason.</summary>
    public static string ToCode(ImageFailureReason reason) => reason switch
    {
        ImageFailureReason.NotAnImage => "not_an_image",
        ImageFailureReason.UnsupportedFormat => "unsupported_format",
        ImageFailureReason.Truncated => "truncated",
        ImageFailureReason.Corrupt => "corrupt",
        ImageFailureReason.TooManyPixels => "too_many_pixels",
        ImageFailureReason.TooLarge => "too_large",
        ImageFailureReason.WatermarkUnavailable => "watermark_unavailable",
        _ => "processing_failed",
    };
}
