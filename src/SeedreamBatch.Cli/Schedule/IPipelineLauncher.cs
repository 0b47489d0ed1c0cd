namespace SeedreamBatch.Cli.Schedule;

/// <summary>
/// Runs one pipeline once, as <c>run</c> would, and returns its exit code. The seam between the scheduler and the
/// run: the run's own composition (state store, exit codes, ledger) can change without the scheduler knowing.
/// </summary>
internal interface IPipelineLauncher
{
    /// <param name="stop">Finish the jobs in flight, submit no more (first SIGTERM).</param>
    /// <param name="abort">Cancel the jobs in flight (second SIGTERM).</param>
    Task<int> RunAsync(ScheduledPipeline pipeline, CancellationToken stop, CancellationToken abort);
}
