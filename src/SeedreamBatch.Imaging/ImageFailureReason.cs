namespace SeedreamBatch.Imaging;

/// <summary>Why an image could not be processed; <see cref="ImageProcessingException.ReasonCode"/> spells it for manifests.</summary>
public enum ImageFailureReason
{
    /// <summary><c>not_an_image</c>: empty, or bytes no image loader recognises (an HTML error page, JSON...).</summary>
    NotAnImage,

    /// <summary><c>unsupported_format</c>: a real format that is blocked for untrusted input (SVG, PDF, ...).</summary>
    UnsupportedFormat,

    /// <summary><c>truncated</c>: the data ends early (an interrupted download).</summary>
    Truncated,

    /// <summary><c>corrupt</c>: the decoder found invalid data.</summary>
    Corrupt,

    /// <summary><c>too_many_pixels</c>: the header declares more pixels than the limit (decompression bomb guard).</summary>
    TooManyPixels,

    /// <summary><c>too_large</c>: more input bytes than the limit.</summary>
    TooLarge,

    /// <summary><c>watermark_unavailable</c>: the recipe's watermark image cannot be read.</summary>
    WatermarkUnavailable,

    /// <summary><c>processing_failed</c>: libvips failed for another reason (the message has its text).</summary>
    ProcessingFailed,
}
