using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>How one <c>run</c> behaves (manifest <c>retry:</c>, flags). Validated once by <see cref="RunEngine"/>.</summary>
public sealed class RunOptions
{
    /// <summary>A fresh id for this invocation; every output file carries it. Required.</summary>
    public required string RunId { get; init; }

    /// <summary>The manifest as given on the command line. Required.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>SHA-256 of the manifest text. Required.</summary>
    public required string ManifestSha256 { get; init; }

    /// <summary>The tool's version for the run record and output files. Default: the engine assembly's version.</summary>
    public string ToolVersion { get; init; } = typeof(RunOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Tries per job for retryable errors (<c>retry.attempts</c>), the first included. Default 3.</summary>
    public int RetryAttempts { get; init; } = 3;

    /// <summary>First pause before a retry of a transient error; doubles per try, with jitter. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest pause between tries. Default 60 s.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where retry pauses draw their jitter. Default: unseeded, shared; tests may pass a seeded one.</summary>
    public RetryJitter Jitter { get; init; } = RetryJitter.Shared;

    /// <summary><c>--force</c>: regenerate every job, paying again, whatever the store says. Default false.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// <c>redo</c>: these job keys are generated again, paying again, whatever the store says (their previous version was
    /// kept as history first). Every other job is decided as usual. Default none.
    /// </summary>
    public IReadOnlySet<string> Regenerate { get; init; } = new HashSet<string>();

    /// <summary><c>--retry-failed</c>: submit again jobs that failed in earlier runs. Default false.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>
    /// <c>--retry-unknown</c>: submit again jobs whose earlier submission has an unknown outcome (crash after
    /// sending, no task id), accepting that the provider may charge twice. Default false.
    /// </summary>
    public bool RetryUnknown { get; init; }

    /// <summary>Post-processing at once (CPU-bound). Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int PostProcessParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Items each stage may hold beyond its parallelism: with these bounds memory is flat in the job count. Default 16.</summary>
    public int StageBuffer { get; init; } = 16;

    /// <summary>The provider's name as the manifest gives it, for the line that stops a run on an auth or account error. Default "the provider".</summary>
    public string ProviderName { get; init; } = "the provider";

    /// <summary>The environment variable the API key comes from, named in that line; null: not named.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>The job count from <c>plan</c>, for the ETA; null when unknown (no ETA).</summary>
    public long? ExpectedJobCount { get; init; }

    /// <summary>All problems, one per line; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(RunId))
        {
            problems.Add("run id must not be empty");
        }

        if (RetryAttempts < 1)
        {
            problems.Add($"retry.attempts must be at least 1 (got {RetryAttempts})");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
        {
            problems.Add($"retry delays must satisfy 0 <= base ({RetryBaseDelay}) <= max ({RetryMaxDelay})");
        }

        if (PostProcessParallelism < 1)
        {
            problems.Add($"post-process parallelism must be at least 1 (got {PostProcessParallelism})");
        }

        if (StageBuffer < 1)
        {
            problems.Add($"stage buffer must be at least 1 (got {StageBuffer})");
        }

        return problems;
    }
}
