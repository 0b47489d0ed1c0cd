using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// What <see cref="ResumePolicy"/> decided for a job, or the fact it needs first (<see cref="Need"/>).
/// </summary>
internal sealed record ResumeDecision
{
    /// <summary>A fact to gather before deciding again; null when the decision is final.</summary>
    public ResumeFact? Need { get; init; }

    /// <summary>With <see cref="Need"/> = <see cref="ResumeFact.Originals"/>: move the files first if <c>outputs.name</c> changed.</summary>
    public bool RenameOutputs { get; init; }

    /// <summary>What to do; not used when <see cref="Failure"/> is set.</summary>
    public WorkAction Action { get; init; } = WorkAction.Generate;

    /// <summary>The job fails with this, and nothing is sent.</summary>
    public JobFailure? Failure { get; init; }

    /// <summary>With <see cref="WorkAction.ResumeTask"/>: the recorded task to poll.</summary>
    public string? TaskId { get; init; }

    /// <summary>With <see cref="WorkAction.Redownload"/>: the images to fetch again from their recorded URLs.</summary>
    public IReadOnlyList<int> Redownload { get; init; } = [];

    /// <summary>The provider that may have billed the job: anything sent again goes to it only.</summary>
    public string? PinnedProvider { get; init; }

    /// <summary>The images recorded as failed, still missing as far as this run knows.</summary>
    public IReadOnlyList<int> MissingImages { get; init; } = [];

    /// <summary>A line for the user (after the job's output name), e.g. that this run pays again.</summary>
    public string? Warning { get; init; }
}
