using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>What a run works with; the CLI (composition root) builds these.</summary>
public sealed class RunServices
{
    public required StateStore Store { get; init; }

    public required IGenerationClient Client { get; init; }

    public required IImagePostProcessor PostProcessor { get; init; }

    public required ImageDownloader Downloader { get; init; }

    public required BudgetGate Budget { get; init; }

    public required ProviderThrottles Throttles { get; init; }

    /// <summary>Writes manifest.csv/json and summary.json at the end of the run (also after an interruption); null: none.</summary>
    public RunReportWriter? Reports { get; init; }

    public IProgress<RunProgress>? Progress { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
