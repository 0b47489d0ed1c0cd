namespace SeedreamBatch.Imaging;

/// <summary>
/// What made an image, written as XMP into every processed variant that asks for it (see docs/imaging.md). The
/// AI label (IPTC <c>DigitalSourceType</c> = trainedAlgorithmicMedia, <c>AISystemUsed</c>,
/// <c>AISystemVersionUsed</c>) is on unless <see cref="AiLabel"/> is false; job fields and the prompt only when set.
/// </summary>
/// <param name="AiSystem">The model family, for <c>Iptc4xmpExt:AISystemUsed</c> (for example <c>ByteDance Seedream 4.5</c>).</param>
/// <param name="AiSystemVersion">The provider's model id, for <c>Iptc4xmpExt:AISystemVersionUsed</c> (for example <c>seedream-4-5-251128</c>).</param>
public sealed record ImageProvenance(string AiSystem, string AiSystemVersion)
{
    /// <summary>Write the IPTC AI label. Default true: re-encoding removes the provider's own marks.</summary>
    public bool AiLabel { get; init; } = true;

    /// <summary>The job key (<c>sb:jobKey</c>), or null to leave job fields out.</summary>
    public string? JobKey { get; init; }

    /// <summary>The seed (<c>sb:seed</c>), written with the job key.</summary>
    public long? Seed { get; init; }

    /// <summary>The rendered prompt (<c>sb:prompt</c>); null unless the manifest asks (<c>provenance: { prompt: true }</c>).</summary>
    public string? Prompt { get; init; }
}
