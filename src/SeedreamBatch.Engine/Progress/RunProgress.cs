namespace SeedreamBatch.Engine.Progress;

/// <summary>A snapshot for a live view, sent after every job the run finishes with.</summary>
/// <param name="Done">Jobs that ended done in this run (generated or re-processed).</param>
/// <param name="Failed">Jobs that failed in this run.</param>
/// <param name="Skipped">Jobs already done (files intact) or failed earlier and not retried.</param>
/// <param name="BudgetSkipped">Jobs the budget kept from being submitted.</param>
/// <param name="ImagesGenerated">Images downloaded in this run.</param>
/// <param name="ImagesPerMinute">Images generated per minute since the run started.</param>
/// <param name="CostSoFarUsd">Billed so far in this run (budgets are per run).</param>
/// <param name="MaxCostUsd">The cost limit; null without one.</param>
/// <param name="Eta">Estimated time left, from the job rate; null without an expected job count.</param>
/// <param name="LastErrors">The most recent error lines, newest last (at most five).</param>
/// <param name="ExpectedJobs">Jobs this run will take up (after <c>--limit</c>); null when the source does not say.</param>
/// <param name="PartlyDone">Of <paramref name="Done"/> and the skipped, jobs done without some of their images.</param>
/// <param name="ImagesMissing">Images those jobs are without (failed at the provider, or to download).</param>
public sealed record RunProgress(
    int Done,
    int Failed,
    int Skipped,
    int BudgetSkipped,
    int ImagesGenerated,
    double ImagesPerMinute,
    decimal CostSoFarUsd,
    decimal? MaxCostUsd,
    TimeSpan Elapsed,
    TimeSpan? Eta,
    IReadOnlyList<string> LastErrors,
    long? ExpectedJobs = null,
    int PartlyDone = 0,
    int ImagesMissing = 0)
{
    /// <summary>Error lines added so far in the run (<see cref="LastErrors"/> holds the newest): how a view tells new ones.</summary>
    public long ErrorCount { get; init; }

    /// <summary>Jobs answered and billed, still being downloaded and processed ("paid, still processing").</summary>
    public int PaidProcessing { get; init; }

    /// <summary>Paid requests sent and not yet answered.</summary>
    public int InFlight { get; init; }

    /// <summary>What the jobs in flight hold of the budget: the most they can still cost.</summary>
    public decimal InFlightUsd { get; init; }

    /// <summary>Jobs this run has finished with, however they ended.</summary>
    public int Finished => Done + Failed + Skipped + BudgetSkipped;
}
