namespace SeedreamBatch.Engine.Pipeline;

/// <summary>The process exit codes of <c>run</c> (docs/cli.md).</summary>
public static class RunExitCodes
{
    /// <summary>Every job is done.</summary>
    public const int Success = 0;

    /// <summary>Some jobs failed, or are done without some of their images (in this run, or earlier and not retried).</summary>
    public const int SomeFailed = 1;

    /// <summary>Invalid manifest, CSV or flags (the CLI's, before the engine runs).</summary>
    public const int InvalidInput = 2;

    /// <summary>The budget stopped submissions.</summary>
    public const int BudgetReached = 3;

    /// <summary>Another run holds the pipeline or the outputs folder (the CLI's, before the engine runs).</summary>
    public const int Busy = 4;

    /// <summary>Ctrl+C (once or twice) kept some job from finishing.</summary>
    public const int Interrupted = 130;
}
