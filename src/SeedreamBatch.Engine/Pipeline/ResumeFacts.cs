using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// What <see cref="ResumePolicy"/> decides from: the run's flags and what is known of the job. The facts that cost IO
/// are null (or unread) until the policy asks for them (<see cref="ResumeDecision.Need"/>).
/// </summary>
internal sealed record ResumeFacts
{
    /// <summary><c>--force</c>, or <c>--regenerate</c> names this job: it is generated, whatever is recorded.</summary>
    public bool Regenerate { get; init; }

    public bool RetryFailed { get; init; }

    public bool RetryUnknown { get; init; }

    /// <summary>This run's endpoint is the built-in simulator.</summary>
    public bool EndpointSimulated { get; init; }

    /// <summary>Now, for the age of recorded result URLs.</summary>
    public DateTimeOffset Now { get; init; }

    /// <summary>The job's processing key in this manifest (the variant recipe).</summary>
    public string ProcessingKey { get; init; } = "";

    /// <summary>Whether <see cref="Record"/> was looked up (a null record then means the store does not know the job).</summary>
    public bool RecordRead { get; init; }

    public JobRecord? Record { get; init; }

    /// <summary>The record's failed images; null until read (read only when the record counts any).</summary>
    public IReadOnlyList<ImageFailureRecord>? FailedImages { get; init; }

    /// <summary>There are recorded originals and every one is intact; null until checked.</summary>
    public bool? OriginalsIntact { get; init; }

    /// <summary>The image indexes of the intact originals (empty unless <see cref="OriginalsIntact"/>).</summary>
    public IReadOnlyList<int> IntactOriginalImages { get; init; } = [];

    /// <summary>Every recorded variant is intact; null until checked.</summary>
    public bool? VariantsIntact { get; init; }
}
