namespace SeedreamBatch.Engine.State;

/// <summary>Why a job failed: a stable kind (see <see cref="FailureKind"/>) plus the provider's code and message.</summary>
/// <param name="Kind">What kind of failure; summaries group failures by it.</param>
/// <param name="Code">The provider's error code (e.g. <c>InputTextSensitiveContentDetected</c>), or an HTTP status.</param>
/// <param name="Message">One line a person can act on.</param>
public sealed record JobFailure(FailureKind Kind, string? Code, string Message)
{
    /// <summary>The line <c>status</c>, the progress view and the review page show: kind, code (if any) and message.</summary>
    public override string ToString() => Code is null ? $"{Kind.Name}: {Message}" : $"{Kind.Name} {Code}: {Message}";
}
