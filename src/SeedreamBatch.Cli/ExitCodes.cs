using SeedreamBatch.Engine.Pipeline;

namespace SeedreamBatch.Cli;

/// <summary>The process exit codes (docs/cli.md): scripts and schedulers branch on them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int SomeJobsFailed = 1;
    public const int InvalidInput = 2;
    public const int BudgetReached = 3;

    /// <summary>Another run holds the pipeline or the outputs folder; nothing was done (try again later).</summary>
    public const int Busy = 4;
    public const int Interrupted = 130;

    /// <summary>The exit code of a run that ended with <paramref name="status"/>.</summary>
    public static int Of(RunStatus status) => status switch
    {
        RunStatus.Completed => Success,
        RunStatus.BudgetReached => BudgetReached,
        RunStatus.Interrupted => Interrupted,
        _ => SomeJobsFailed,
    };
}
