namespace SeedreamBatch.Engine.State;

/// <summary>Why a job failed: a stable kind (see <see cref="FailureKinds"/>) plus the provider's code and message.</summary>
/// <param name="Kind">A <see cref="FailureKinds"/> value; summaries group failures by it.</param>
/// <param name="Code">The provider's error code (e.g. <c>InputTextSensitiveContentDetected</c>), or an HTTP status.</param>
/// <param name="Message">One line a person can act on.</param>
public sealed record JobFailure(string Kind, string? Code, string Message);
