namespace SeedreamBatch.Engine.Pipeline;

/// <summary>How a run ended.</summary>
/// <param name="Done">Jobs done in this run: generated, or re-processed from kept originals.</param>
/// <param name="Failed">Jobs that failed in this run.</param>
/// <param name="SkippedDone">Jobs already done with every file intact: no call at all.</param>
/// <param name="SkippedFailed">Jobs that failed earlier and were left alone (no <c>--retry-failed</c>).</param>
/// <param name="BudgetSkipped">Jobs the budget kept from being submitted.</param>
/// <param name="NotStarted">Jobs taken from the source but not sent because the run was stopped.</param>
/// <param name="Interrupted">Jobs in flight when the run was aborted; the next run resumes them.</param>
/// <param name="ImagesGenerated">Images downloaded in this run.</param>
/// <param name="BilledCostUsd">Billed (settled) in this run's budget scope.</param>
/// <param name="BudgetReached">The budget refused a job.</param>
/// <param name="Stopped">Ctrl+C was pressed (once or twice).</param>
/// <param name="Status">Interrupted beats budget beats failures.</param>
/// <param name="FatalError">Why the run stopped early on its own (the state store could not be written); null otherwise.</param>
/// <param name="PartlyDone">
/// Jobs done (in this run, or skipped as done) without some of the images they asked for: the provider refused some
/// of a batch, or some could not be downloaded (the store and status list the failed images). Counted in
/// <paramref name="Done"/>/<paramref name="SkippedDone"/> too; any makes the exit code 1.
/// </param>
/// <param name="ImagesMissing">Images the <paramref name="PartlyDone"/> jobs are without (each a failed image of the store).</param>
public sealed record RunOutcome(
    int Done,
    int Failed,
    int SkippedDone,
    int SkippedFailed,
    int BudgetSkipped,
    int NotStarted,
    int Interrupted,
    int ImagesGenerated,
    decimal BilledCostUsd,
    bool BudgetReached,
    bool Stopped,
    RunStatus Status,
    string? FatalError = null,
    int PartlyDone = 0,
    int ImagesMissing = 0)
{
    /// <summary>Jobs the run never took from the source because it was stopped (the rest of the job total).</summary>
    public int NotReached { get; init; }

    /// <summary>Jobs taken over from another outputs folder of the pipeline (its files linked or copied; nothing paid).</summary>
    public int TakenOver { get; init; }
}
