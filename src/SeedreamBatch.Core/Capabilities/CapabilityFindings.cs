namespace SeedreamBatch.Core.Capabilities;

/// <summary>Errors stop a job before any paid call; warnings are shown by <c>plan</c> and <c>validate</c>.</summary>
public sealed record CapabilityFindings(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;
}
