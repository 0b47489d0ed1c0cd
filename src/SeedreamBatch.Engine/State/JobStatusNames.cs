namespace SeedreamBatch.Engine.State;

/// <summary>The stored (and manifest) names of <see cref="JobStatus"/>: snake_case, stable across versions.</summary>
public static class JobStatusNames
{
    public static string ToName(this JobStatus status) => status switch
    {
        JobStatus.Pending => "pending",
        JobStatus.Submitting => "submitting",
        JobStatus.Submitted => "submitted",
        JobStatus.Generated => "generated",
        JobStatus.Done => "done",
        JobStatus.Failed => "failed",
        JobStatus.BudgetSkipped => "budget_skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static JobStatus Parse(string name) => name switch
    {
        "pending" => JobStatus.Pending,
        "submitting" => JobStatus.Submitting,
        "submitted" => JobStatus.Submitted,
        "generated" => JobStatus.Generated,
        "done" => JobStatus.Done,
        "failed" => JobStatus.Failed,
        "budget_skipped" => JobStatus.BudgetSkipped,
        _ => throw new FormatException($"unknown job status '{name}' in the state store"),
    };
}
