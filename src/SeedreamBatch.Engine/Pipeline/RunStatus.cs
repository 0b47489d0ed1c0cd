namespace SeedreamBatch.Engine.Pipeline;

/// <summary>How a run ended, in order of precedence (the CLI maps each to its exit code).</summary>
public enum RunStatus
{
    /// <summary>Every job is done.</summary>
    Completed,

    /// <summary>Some jobs failed, or are done without some of their images (in this run, or earlier and not retried).</summary>
    CompletedWithFailures,

    /// <summary>The budget stopped submissions.</summary>
    BudgetReached,

    /// <summary>Ctrl+C (once or twice) kept some job from finishing.</summary>
    Interrupted,

    /// <summary>An authentication or account error no other job could get past stopped submissions.</summary>
    StoppedOnError,

    /// <summary>The state store could not be written: the run stopped submitting.</summary>
    StoreFailed,
}
