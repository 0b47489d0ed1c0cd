using System.Text.Json;
using SeedreamBatch.Cli.Run;

namespace SeedreamBatch.Cli.Tests.Run;

public sealed class PipelineRunnerTests
{
    [Fact]
    public async Task RunAsync_FreshFolder_WritesFilesManifestsAndChargesEachJobOnce()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 12);

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(12, result.Outcome!.Done);
        Assert.All(f.Simulator.Ledger.ImagesByJob().Values, images => Assert.Equal(1, images));
        Assert.Equal(12, f.Simulator.Ledger.ImagesByJob().Count);
        Assert.Equal(12, Directory.GetFiles(f.OutputsDirectory, "*.original.*").Length);
        Assert.Equal(12, Directory.GetFiles(f.OutputsDirectory, "*.web.webp").Length);
        var csv = File.ReadAllLines(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        Assert.Equal(1 + 24, csv.Length);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("schemaVersion").GetInt32());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "manifest.json")));
        Assert.Contains("Done: 12 done", f.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecondRun_MakesNoPaidCall()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 6);
        await f.RunAsync();
        var charges = f.Simulator.Ledger.Charges.Count;

        var second = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(6, second.Outcome!.SkippedDone);
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
    }

    [Fact]
    public async Task RunAsync_BudgetAtConcurrency32_NeverExceededAndExits3()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 60, concurrency: 32, maxCostUsd: 0.50m);

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.BudgetReached, result.ExitCode);
        Assert.True(f.Simulator.Ledger.TotalUsd <= 0.50m, $"ledger {f.Simulator.Ledger.TotalUsd}");
        Assert.True(result.Outcome!.BudgetSkipped > 0);
    }

    [Fact]
    public async Task RunAsync_InvalidManifest_Exits2WithoutAnyCall()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        File.WriteAllText(f.ManifestPath, File.ReadAllText(f.ManifestPath).Replace("{{ item }}", "{{ missing_variable }}", StringComparison.Ordinal));

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Empty(f.Simulator.Ledger.Charges);
        Assert.Contains("missing_variable", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StopBeforeStart_SubmitsNothingAndExits130()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 10);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var result = await f.RunAsync(stop: stop.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Empty(f.Simulator.Ledger.Charges);
        Assert.True(File.Exists(Path.Combine(f.OutputsDirectory, "manifest.csv")));
    }

    [Fact]
    public async Task RunAsync_ProviderRefusesEveryTry_EachJobSentExactlyRetryAttemptsTimes()
    {
        await using var f = await RunFixture.StartAsync(o => o.Faults.Error500Rate = 1);
        f.WriteManifest(rows: 3, retryAttempts: 3);

        var result = await f.RunAsync();

        // Ark's documented 500 refusal is resent by the engine alone, each send recorded: never attempts × adapter retries.
        Assert.Equal(ExitCodes.SomeJobsFailed, result.ExitCode);
        Assert.Equal(3, result.Outcome!.Failed);
        Assert.Equal(3, f.Simulator.Stats.RequestsByJob.Count);
        Assert.All(f.Simulator.Stats.RequestsByJob.Values, sent => Assert.Equal(3, sent));
        var csv = ManifestCsv.Read(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        Assert.All(csv.Rows, r => Assert.Equal(("failed", "retries_exhausted", "InternalServiceError", "3"),
            (csv.Get(r, "status"), csv.Get(r, "errorKind"), csv.Get(r, "errorCode"), csv.Get(r, "attempts"))));
        Assert.Empty(f.Simulator.Ledger.Charges);
    }

    [Fact]
    public async Task RunAsync_FaultsOn200Jobs_EveryJobEndsDoneOrFailedWithAReasonAndNoneChargedTwice()
    {
        await using var f = await RunFixture.StartAsync(o =>
        {
            o.Faults.Error500Rate = 0.08;
            o.Faults.Error503Rate = 0.04;
            o.Faults.RequestsPerMinute = 0;
            o.Faults.CorruptImageRate = 0.04;
            o.Faults.ResetRate = 0.04;
        });
        f.WriteManifest(rows: 200, concurrency: 16, retryAttempts: 4);

        var result = await f.RunAsync();

        var o = result.Outcome!;
        Assert.Equal(200, o.Done + o.Failed);
        Assert.True(o.Done > 150, $"only {o.Done} done");
        Assert.All(f.Simulator.Ledger.ImagesByJob(), pair => Assert.Equal(1, pair.Value));
        var csv = File.ReadAllLines(Path.Combine(f.OutputsDirectory, "manifest.csv")).Skip(1).Where(l => l.Contains(",failed,", StringComparison.Ordinal)).ToList();
        Assert.Equal(o.Failed, csv.Count);
    }

    [Fact]
    public async Task InterruptSignals_SecondSignal_CancelsAbortAfterStop()
    {
        var notes = new List<string>();
        using var signals = new InterruptSignals(() => notes.Add("stop"), () => notes.Add("abort"));

        signals.Signal();
        var abortAfterFirst = signals.Abort.IsCancellationRequested;
        signals.Signal();

        Assert.True(signals.Stop.IsCancellationRequested);
        Assert.False(abortAfterFirst);
        Assert.True(signals.Abort.IsCancellationRequested);
        Assert.Equal(["stop", "abort"], notes);
    }
}
