using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;

namespace SeedreamBatch.Core.Planning;

/// <summary>What a run would do, computed without any network call. Serialised as the stable <c>plan --format json</c>.</summary>
public sealed record PlanReport
{
    public required string Pipeline { get; init; }

    public required string Manifest { get; init; }

    public required string Provider { get; init; }

    public required string Dialect { get; init; }

    /// <summary>The providers a job may go to, in the manifest's order, and how they are ranked; null for a single provider.</summary>
    public Manifest.RouteSpec? Route { get; init; }

    public required string OutputDirectory { get; init; }

    public required long Jobs { get; init; }

    public required long Images { get; init; }

    public required decimal EstimatedCostUsd { get; init; }

    public decimal? BudgetUsd { get; init; }

    public long? BudgetImages { get; init; }

    /// <summary>Jobs the budget lets through, in order, before it stops the run; null when there is no budget.</summary>
    public long? JobsWithinBudget { get; init; }

    public required IReadOnlyList<ModelPlan> Models { get; init; }

    public required IReadOnlyList<JobPreview> FirstJobs { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    /// <summary>
    /// The duplicate screen's suspects: a run that expands the same manifest again checks exactly these jobs
    /// (<see cref="DuplicateCheck.Among"/>) instead of keeping every key. Not part of the JSON.
    /// </summary>
    public DuplicateSuspects Suspects { get; init; } = DuplicateSuspects.None;

    /// <summary>
    /// The duplicate check for another expansion of the same manifest and run: exact among this plan's suspects, in
    /// bounded memory. Under a limit (<c>--limit</c>, alone or after <c>--only</c>) the other expansion may reach jobs
    /// this plan never screened, so it compares every job it reads (as many as the limit lets through, or a little more).
    /// </summary>
    public DuplicateCheck RecheckDuplicates(bool limited) => limited ? DuplicateCheck.All() : DuplicateCheck.Among(Suspects);

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
