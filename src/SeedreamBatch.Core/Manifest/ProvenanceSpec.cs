namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// <c>outputs.provenance</c>: what each processed file says about how it was made (XMP, see docs/imaging.md).
/// </summary>
/// <param name="AiLabel">IPTC <c>DigitalSourceType</c> = trainedAlgorithmicMedia plus <c>AISystemUsed</c> / <c>AISystemVersionUsed</c>. Default on.</param>
/// <param name="Job">The job key, model id and seed, to trace a published file back to its job. Default off.</param>
/// <param name="Prompt">The rendered prompt. Default off: prompts are often not meant for published files.</param>
public sealed record ProvenanceSpec(bool AiLabel, bool Job, bool Prompt)
{
    /// <summary>The default: the AI label only.</summary>
    public static ProvenanceSpec Default { get; } = new(AiLabel: true, Job: false, Prompt: false);

    /// <summary>True when anything at all is written.</summary>
    public bool WritesAnything => AiLabel || Job || Prompt;
}
