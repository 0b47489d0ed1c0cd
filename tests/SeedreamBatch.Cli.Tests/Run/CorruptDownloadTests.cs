using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>Corrupt downloads from the simulator, through the real downloader and libvips: fetched again, never paid again.</summary>
public sealed class CorruptDownloadTests
{
    [Fact]
    public async Task RunAsync_EveryDownloadCorrupt_ImagesRecordedAsFailedAndRetryFailedFetchesThemWithoutAPaidCall()
    {
        await using var f = await RunFixture.StartAsync(o => o.Faults.CorruptImageRate = 1);
        f.WriteManifest(rows: 2);

        var first = await f.RunAsync();

        // Each image fetched three times (once and twice again) in the run, then recorded as failed with libvips' reason.
        Assert.Equal((ExitCodes.SomeJobsFailed, 2), (first.ExitCode, first.Outcome!.Failed));
        await f.Simulator.Stats.WaitForCountAsync("download_corrupt", 6, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, f.Simulator.Ledger.Charges.Count);
        using (var reader = StateReader.Open(StateStore.PathFor(f.OutputsDirectory)))
        {
            Assert.All(
                reader.ReadReviewItems(new ReviewFilter()).Select(i => i.Job),
                job => Assert.Equal((JobStatus.Failed, FailureKind.DownloadFailed, "corrupt"), (job.Status, job.Failure!.Kind, job.Failure.Code)));
        }

        Assert.Empty(Directory.GetFiles(f.OutputsDirectory, "*.original.*", SearchOption.AllDirectories));

        // The URLs still live: --retry-failed fetches again, and the ledger does not move.
        f.Simulator.Faults.CorruptImageRate = 0;
        var retry = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, RetryFailed = true });

        Assert.Equal((ExitCodes.Success, 2), (retry.ExitCode, retry.Outcome!.Done));
        Assert.Equal(2, f.Simulator.Ledger.Charges.Count);
        await f.Simulator.Stats.WaitForCountAsync("download_ok", 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Directory.GetFiles(f.OutputsDirectory, "*.web.webp", SearchOption.AllDirectories).Length);
    }
}
