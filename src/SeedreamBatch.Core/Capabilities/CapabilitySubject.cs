namespace SeedreamBatch.Core.Capabilities;

/// <summary>What a capability finding is about, so a message can point at the manifest key that caused it.</summary>
public enum CapabilitySubject
{
    Size,
    References,
    ImageCount,
    GuidanceScale,
    Stream,
    ResponseFormat,
    Seed,
    Prompt,
    OptimizePrompt,
    OutputFormat,
}
