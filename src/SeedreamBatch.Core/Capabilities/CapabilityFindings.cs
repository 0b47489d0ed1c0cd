namespace SeedreamBatch.Core.Capabilities;

/// <summary>Errors stop a job before any paid call; warnings are shown by <c>plan</c> and <c>validate</c>.</summary>
public sealed record CapabilityFindings(IReadOnlyList<CapabilityFinding> All)
{
    public IEnumerable<CapabilityFinding> Errors => All.Where(f => f.IsError);

    public IEnumerable<CapabilityFinding> Warnings => All.Where(f => !f.IsError);

    public bool IsValid => !All.Any(f => f.IsError);
}
