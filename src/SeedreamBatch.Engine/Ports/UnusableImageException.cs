namespace SeedreamBatch.Engine.Ports;

/// <summary>
/// The post-processor refused an original because its bytes are unusable — corrupt, truncated, or not an image at
/// all — rather than because of the recipe: fetching the same result URL again (free) may give good bytes.
/// </summary>
public sealed class UnusableImageException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public UnusableImageException()
        : this("corrupt", "the image is not usable")
    {
    }

    public UnusableImageException(string message)
        : this("corrupt", message)
    {
    }

    public UnusableImageException(string message, Exception inner)
        : this("corrupt", message, inner)
    {
    }

    /// <summary>The probe's or decoder's reason code: <c>corrupt</c>, <c>truncated</c>, <c>not_an_image</c>.</summary>
    public string Code { get; } = code;
}
