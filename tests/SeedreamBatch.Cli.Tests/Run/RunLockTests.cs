using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Run;

[Collection(ConsoleCollection.Name)]
public sealed class RunLockTests
{
    [Fact]
    public async Task RunAsync_SecondRunnerWhileFirstRuns_ExitsBusyAndSubmitsNothing()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 40, concurrency: 2);
        using var firstStop = new CancellationTokenSource();

        // The first runner pauses in its own progress: it holds the folder for as long as the test needs.
        var second = new TaskCompletionSource<Cli.Run.RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(async () =>
        {
            await WaitForChargesAsync(f, 1);
            var secondFixtureRun = await f.RunAsync();
            second.SetResult(secondFixtureRun);
            await firstStop.CancelAsync();
        });
        var firstResult = await f.RunAsync(stop: firstStop.Token);
        await first;
        var result = await second.Task;
        var chargesAfterFirst = f.Simulator.Ledger.Charges.Count;

        Assert.Equal(ExitCodes.Busy, result.ExitCode);
        Assert.Null(result.Outcome);
        Assert.Contains($"busy: another run of pipeline 'cli-test' is going on (pid {Environment.ProcessId}, started ", f.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Interrupted, firstResult.ExitCode);
        Assert.Equal(firstResult.Outcome!.Done, chargesAfterFirst);
    }

    [Fact]
    public async Task Status_WhileFolderLocked_Works()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 2);
        await f.RunAsync();
        Assert.True(RunLock.TryAcquire(f.OutputsDirectory, TimeProvider.System, out var held, out _));
        using (held)
        {
            var (code, output, _) = CliRun.Invoke("status", f.OutputsDirectory);

            Assert.Equal(ExitCodes.Success, code);
            Assert.Contains("done", output, StringComparison.OrdinalIgnoreCase);
            Assert.False(RunLock.TryAcquire(f.OutputsDirectory, TimeProvider.System, out _, out var holder));
            Assert.StartsWith($"pid {Environment.ProcessId}", holder, StringComparison.Ordinal);
        }
    }

    private static Task WaitForChargesAsync(RunFixture f, int count) =>
        f.Simulator.Ledger.WaitForChargesAsync(count, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
}
