namespace SeedreamBatch.Engine.Pipeline;

/// <summary>How a job left the pipeline in this run.</summary>
internal enum WorkOutcome
{
    /// <summary>Still moving through the stages.</summary>
    Pending,

    Done,
    Failed,
    SkippedDone,
    SkippedFailed,
    BudgetSkipped,

    /// <summary>Never sent because the run was stopped; the store does not change.</summary>
    NotStarted,

    /// <summary>Abandoned by an abort; the store keeps its last consistent state for the next run.</summary>
    Interrupted,
}
