using SeedreamBatch.Core.Diagnostics;

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

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
