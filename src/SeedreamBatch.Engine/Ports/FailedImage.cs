namespace SeedreamBatch.Engine.Ports;

/// <summary>
/// One image of a job the provider did not make while it made others (partial success, e.g. Ark sequential
/// generation with one image refused by the content filter, or a stream that broke after some images).
/// </summary>
/// <param name="Index">0-based image of the job, in the provider's numbering (see <see cref="GeneratedImage.Index"/>).</param>
/// <param name="Kind">
/// <see cref="GenerationErrorKind.ContentPolicy"/>, <see cref="GenerationErrorKind.OutcomeUnknown"/> (may have been
/// generated and billed: a broken stream, an unreadable image) or <see cref="GenerationErrorKind.InvalidRequest"/>.
/// </param>
/// <param name="ProviderCode">The provider's error code for this image.</param>
/// <param name="Message">The provider's message for this image.</param>
public sealed record FailedImage(int Index, GenerationErrorKind Kind, string? ProviderCode, string Message);
