using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Jobs;

/// <summary>One paid request and what to do with its images: the unit the engine schedules and records.</summary>
/// <param name="Identity">The canonical paid request and its SHA-256: same key ⇒ same request ⇒ never paid twice.</param>
/// <param name="ProcessingKey">SHA-256 of the post-processing recipe: a change re-processes without re-generating.</param>
/// <param name="Ordinal">0-based position in the manifest's deterministic expansion order.</param>
/// <param name="Request">The validated request for the provider adapter.</param>
/// <param name="Output">Where the files go.</param>
/// <param name="EstimatedCostUsd">Price × images asked for; the budget reserves this before submitting.</param>
/// <param name="Variables">The row and matrix variables that made this job (for manifests and the gallery).</param>
/// <param name="RequestedSeed">The seed the manifest asked for (recorded even when the model ignores seeds).</param>
/// <param name="RepeatIndex">0-based index among <c>repeat</c> copies of the same request.</param>
public sealed record Job(
    JobKey Identity,
    string ProcessingKey,
    long Ordinal,
    GenerationRequest Request,
    OutputPlan Output,
    decimal EstimatedCostUsd,
    IReadOnlyDictionary<string, string> Variables,
    int? RequestedSeed,
    int RepeatIndex)
{
    /// <summary>SHA-256 (hex) of the canonical paid request; names the state-store row and default file names.</summary>
    public string Key => Identity.Value;

    /// <summary>Whether the seed is sent and honoured by the model (false: recorded only).</summary>
    public bool SeedHonoured => Request.Seed is not null;
}
