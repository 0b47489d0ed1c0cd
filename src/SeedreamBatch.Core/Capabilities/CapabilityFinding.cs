namespace SeedreamBatch.Core.Capabilities;

/// <summary>One thing a model cannot do (error: the job never reaches the provider) or will do differently (warning).</summary>
public sealed record CapabilityFinding(CapabilitySubject Subject, bool IsError, string Message);
