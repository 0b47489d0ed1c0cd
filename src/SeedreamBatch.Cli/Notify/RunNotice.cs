namespace SeedreamBatch.Cli.Notify;

/// <summary>What a run's end notification says (the webhook JSON body, the command's environment).</summary>
internal sealed record RunNotice
{
    /// <summary><c>run.finished</c>, <c>run.failed</c> or <c>budget.reached</c>.</summary>
    public required string Event { get; init; }

    public required string Pipeline { get; init; }

    public string? Environment { get; init; }

    /// <summary><c>succeeded</c>, <c>failed</c>, <c>invalid</c>, <c>budget_reached</c>, <c>busy</c>, <c>interrupted</c>.</summary>
    public required string Status { get; init; }

    public required int ExitCode { get; init; }

    public int Done { get; init; }

    public int Failed { get; init; }

    public int Skipped { get; init; }

    public int Images { get; init; }

    public decimal CostUsd { get; init; }

    public string? Outputs { get; init; }

    public string? Summary { get; init; }

    public string? RunId { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>One human line (Slack's <c>text</c>).</summary>
    public required string Text { get; init; }

    /// <summary>The event and status a run's exit code means (docs/unattended.md).</summary>
    public static (string Event, string Status) Classify(int exitCode) => exitCode switch
    {
        ExitCodes.Success => ("run.finished", "succeeded"),
        ExitCodes.BudgetReached => ("budget.reached", "budget_reached"),
        ExitCodes.InvalidInput => ("run.failed", "invalid"),
        ExitCodes.Interrupted => ("run.failed", "interrupted"),
        4 => ("run.failed", "busy"),
        _ => ("run.failed", "failed"),
    };
}
