using SeedreamBatch.Simulator.Dialects;
using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Generation;

/// <summary>One image of a request: a served URL (and bytes when inlined), or why it failed.</summary>
internal sealed record ImageOutcome(int Index, string Size, string? Url, byte[]? Bytes, SimErrorKind? Error, string? ErrorMessage, ImageSpec? Spec = null)
{
    public bool Succeeded => Error is null;
}
