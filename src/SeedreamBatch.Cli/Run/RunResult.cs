using SeedreamBatch.Engine.Pipeline;

namespace SeedreamBatch.Cli.Run;

/// <summary>How <c>run</c> ended: the exit code, and the engine's outcome when the engine ran.</summary>
/// <param name="OutputDirectory">The run's outputs folder; null when the manifest did not get that far.</param>
internal sealed record RunResult(int ExitCode, RunOutcome? Outcome, string? OutputDirectory)
{
    public static RunResult Invalid { get; } = new(ExitCodes.InvalidInput, null, null);

    /// <summary>The run's id, once the engine started; for notifications.</summary>
    public string? RunId { get; init; }

    /// <summary>The paragraph the run ended with; for notifications.</summary>
    public string? SummaryLine { get; init; }
}
