using SeedreamBatch.Cli.Run;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Schedule;

/// <summary>Runs a scheduled pipeline in this process exactly as <c>run</c> would (plain output, no live view).</summary>
internal sealed class InProcessLauncher(TimeProvider time, ManifestOverrides overrides, string? provider, TextWriter output, TextWriter error, bool verbose, string? simFaultsPath = null)
    : IPipelineLauncher
{
    /// <summary>Tests adjust the request (the environment the key is read from, shorter retry pauses).</summary>
    public Func<RunRequest, RunRequest> Adjust { get; init; } = r => r;

    public async Task<int> RunAsync(ScheduledPipeline pipeline, CancellationToken stop, CancellationToken abort)
    {
        var request = Adjust(new RunRequest { ManifestPath = pipeline.ManifestPath, Overrides = overrides, Provider = provider, SimFaultsPath = simFaultsPath });
        var runner = new PipelineRunner(time, output, error, verbose, error);

        // Off the scheduler's loop: loading and planning a large catalog is synchronous work.
        var result = await Task.Run(() => runner.RunAsync(request, progress: null, stop, abort), CancellationToken.None).ConfigureAwait(false);
        return result.ExitCode;
    }
}
