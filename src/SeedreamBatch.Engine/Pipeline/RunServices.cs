using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>What a run works with; the CLI (composition root) builds these.</summary>
public sealed class RunServices
{
    public required StateStore Store { get; init; }

    /// <summary>The provider the run pays; the stages call it through <see cref="PaidCalls"/>.</summary>
    public required IImageProvider Provider { get; init; }

    /// <summary>
    /// With <c>provider: [a, b]</c>, the route's providers (each with its own client); jobs go through it instead of
    /// <see cref="Provider"/>. Null for a single provider.
    /// </summary>
    public Routing.ProviderRoutes? Routes { get; init; }

    /// <summary>Told of each route notice (a provider taken out, a circuit opened), besides the progress view: the run log.</summary>
    public Action<string>? OnRouteNotice { get; init; }

    public required IImagePostProcessor PostProcessor { get; init; }

    public required ImageDownloader Downloader { get; init; }

    public required BudgetGate Budget { get; init; }

    public required ProviderThrottles Throttles { get; init; }

    /// <summary>Writes manifest.csv/json and summary.json at the end of the run (also after an interruption); null: none.</summary>
    public RunReportWriter? Reports { get; init; }

    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>The pipeline ledger (jobs of other outputs folders, taken over instead of paid again); null: this folder only.</summary>
    public PipelineLedger? Ledger { get; init; }

    /// <summary>The run's outputs folder (absolute); needed with <see cref="Ledger"/>.</summary>
    public string? OutputsDirectory { get; init; }

    /// <summary>Told of every job that fails in this run (one event each in the run log).</summary>
    public Action<JobFailureEvent>? OnJobFailed { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
