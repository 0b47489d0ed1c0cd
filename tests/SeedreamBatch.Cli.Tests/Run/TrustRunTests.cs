using System.Security.Cryptography;
using System.Text.Json;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>
/// Issue 12 with the real runner, the simulator over loopback and real SQLite: simulated results never count as real,
/// nothing is paid twice across days, failures stop the run and show, exit codes say what happened.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TrustRunTests
{
    [Fact]
    public async Task RunAsync_SimulatedThenReal_PaysEveryJobOnceOnTheRealEndpointAndMarksNothingRealAsSimulated()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 4);
        var simulated = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Provider = "sim" });
        Assert.Equal(ExitCodes.Success, simulated.ExitCode);
        Assert.All(Column(f, "simulated"), v => Assert.Equal("true", v));
        Assert.Empty(f.Simulator.Ledger.Charges);

        var real = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, real.ExitCode);
        Assert.Equal(4, real.Outcome!.Done);
        Assert.Equal(4, f.Simulator.Ledger.ImagesByJob().Count);
        Assert.All(f.Simulator.Ledger.ImagesByJob().Values, images => Assert.Equal(1, images));
        Assert.All(Column(f, "simulated"), v => Assert.Equal("false", v));
        Assert.Contains("4 jobs have only simulated results: generating them on ark, paid", f.Output.ToString(), StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "summary.json")));
        Assert.False(summary.RootElement.GetProperty("simulated").GetBoolean());
        var (code, status, _) = CliRun.Invoke("status", f.OutputsDirectory, "--format", "json");
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(status);
        Assert.Equal((false, 4), (json.RootElement.GetProperty("simulated").GetBoolean(), json.RootElement.GetProperty("realJobs").GetInt32()));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "1")]
    public async Task RunAsync_RequireKeyWithoutKey_Exits2WithoutFallingBackToTheSimulator(bool flag, string? variable)
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 2);

        var result = await new PipelineRunner(TimeProvider.System, f.Output, f.Error).RunAsync(
            new RunRequest
            {
                ManifestPath = f.ManifestPath,
                RequireKey = flag,
                Environment = name => name == PipelineRunner.RequireKeyVariable ? variable : null,
            },
            null,
            CancellationToken.None,
            CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains($"error: {RunFixture.KeyVariable} is not set and", f.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("built-in simulator at", f.Output.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(f.OutputsDirectory));
    }

    [Fact]
    public async Task RunAsync_NextDayIntoADatedFolder_PaysNothingAndLinksTheDoneFiles()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 5);
        File.WriteAllText(f.ManifestPath, File.ReadAllText(f.ManifestPath).Replace("dir: out", "dir: \"out/{{ run.date }}\"", StringComparison.Ordinal));
        var first = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Date = new DateOnly(2026, 12, 1) });
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        var charges = f.Simulator.Ledger.Charges.Count;

        var (planCode, plan, _) = CliRun.Invoke("plan", f.ManifestPath, "--date", "2026-12-02", "--no-color");
        var second = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Date = new DateOnly(2026, 12, 2) });

        Assert.Equal(ExitCodes.Success, planCode);
        Assert.Contains("To pay now: $0.00 for 0 jobs, 5 jobs already made", plan, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
        Assert.Equal(5, second.Outcome!.TakenOver);
        var day2 = Path.Combine(f.Root, "out", "2026-12-02");
        Assert.Equal(second.OutputDirectory, day2);
        AssertManifestMatchesDisk(day2, expectedFiles: 10);
        var (statusCode, status, _) = CliRun.Invoke("status", f.ManifestPath, "--date", "2026-12-02");
        Assert.Equal(ExitCodes.Success, statusCode);
        Assert.Contains("done                   5", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryPaidRequest_ArrivesOnlyOnceTheLedgerNamesTheRunsFolderAsTheJobsHome()
    {
        // A run killed after sending must leave each job findable from another folder's run (it would otherwise pay again):
        // the home is committed before the request, claimed with the job's chunk rather than one commit per job.
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 5);
        var ledgerPath = StoreLocations.LedgerPath(f.ManifestPath, "cli-test");
        var homesAtCharge = new System.Collections.Concurrent.ConcurrentBag<string?>();
        void ReadHome(Simulator.Ledger.LedgerCharge charge)
        {
            using var ledger = PipelineLedger.OpenReadOnly(ledgerPath);
            homesAtCharge.Add(ledger?.FindHome(charge.Job!));
        }

        f.Simulator.Ledger.Charged += ReadHome;
        var result = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath });
        f.Simulator.Ledger.Charged -= ReadHome;

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(5, homesAtCharge.Count);
        Assert.All(homesAtCharge, home => Assert.Equal(result.OutputDirectory, home));
    }

    [Fact]
    public async Task RunAsync_OutputFileDeleted_SaysSoAndDownloadsItAgainWithoutPaying()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        await f.RunAsync();
        var charges = f.Simulator.Ledger.Charges.Count;
        File.Delete(Directory.GetFiles(f.OutputsDirectory, "*.original.*")[0]);

        var again = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, again.ExitCode);
        Assert.Contains("1 job's files are missing: downloading them again, free", f.Output.ToString(), StringComparison.Ordinal);
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
        AssertManifestMatchesDisk(f.OutputsDirectory, expectedFiles: 6);
    }

    [Fact]
    public async Task RunAsync_WrongKey_StopsAfterTheFirstErrorWithOneLineNamingCauseAndFix()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 6, concurrency: 1);

        var result = await new PipelineRunner(TimeProvider.System, f.Output, f.Error).RunAsync(
            new RunRequest { ManifestPath = f.ManifestPath, Environment = name => name == RunFixture.KeyVariable ? "wrong-key" : null },
            null,
            CancellationToken.None,
            CancellationToken.None);

        Assert.Equal(ExitCodes.SomeJobsFailed, result.ExitCode);
        Assert.Equal(1, result.Outcome!.Failed);
        Assert.Single(f.Simulator.Stats.RequestsByJob);
        var errorLines = f.Error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errorLines);
        Assert.StartsWith($"error: authentication failed for ark", errorLines[0], StringComparison.Ordinal);
        Assert.Contains($"check {RunFixture.KeyVariable}", errorLines[0], StringComparison.Ordinal);
        var log = Directory.GetFiles(Path.Combine(f.OutputsDirectory, ".seedream", "logs")).Single();
        var failed = File.ReadLines(log).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("MessageTemplate").GetString()!.StartsWith("Job failed", StringComparison.Ordinal)).ToList();
        var only = Assert.Single(failed).GetProperty("Properties");
        var name = only.GetProperty("OutputName").GetString()!;
        Assert.StartsWith("item-", name, StringComparison.Ordinal);
        Assert.Equal("authentication_failed", only.GetProperty("Kind").GetString());
        var (statusCode, status, _) = CliRun.Invoke("status", f.OutputsDirectory);
        Assert.Equal(ExitCodes.SomeJobsFailed, statusCode);
        Assert.Contains($"{name}: authentication_failed", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnotherRunHoldsThePipeline_ExitsBusyBeforeAnythingStarts()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 2);
        var ledger = StoreLocations.LedgerPath(f.ManifestPath, "cli-test");
        Assert.True(RunLock.TryAcquireFile(StoreLocations.LedgerLockPath(ledger), TimeProvider.System, out var held, out _));
        using (held)
        {
            var result = await new PipelineRunner(TimeProvider.System, f.Output, f.Error).RunAsync(
                new RunRequest { ManifestPath = f.ManifestPath, Environment = name => name == RunFixture.KeyVariable ? f.Simulator.ApiKey : null },
                null,
                CancellationToken.None,
                CancellationToken.None);

            Assert.Equal(ExitCodes.Busy, result.ExitCode);
            Assert.StartsWith("busy: another run of pipeline 'cli-test' is going on", f.Error.ToString(), StringComparison.Ordinal);
            Assert.Empty(f.Simulator.Ledger.Charges);
            Assert.Empty(f.Simulator.Stats.RequestsByJob);
        }
    }

    [Fact]
    public async Task RunAsync_ShardWorkerWhileAnotherShardHoldsItsLocks_RunsAndOnlyItsOwnShardIsBusy()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 4);
        var shard0 = new SeedreamBatch.Core.Sharding.ShardSpec(0, 2);
        var shard1 = new SeedreamBatch.Core.Sharding.ShardSpec(1, 2);
        var ledger1 = StoreLocations.LedgerPath(f.ManifestPath, "cli-test", shard1);
        Assert.True(RunLock.TryAcquireFile(StoreLocations.LedgerLockPath(ledger1), TimeProvider.System, out var pipelineHeld, out _));
        Assert.True(RunLock.TryAcquire(f.OutputsDirectory, shard1, TimeProvider.System, out var folderHeld, out _));
        using (pipelineHeld)
        using (folderHeld)
        {
            Task<RunResult> Run(SeedreamBatch.Core.Sharding.ShardSpec shard) => new PipelineRunner(TimeProvider.System, f.Output, f.Error).RunAsync(
                new RunRequest { ManifestPath = f.ManifestPath, Shard = shard, Environment = name => name == RunFixture.KeyVariable ? f.Simulator.ApiKey : null },
                null,
                CancellationToken.None,
                CancellationToken.None);

            // Shard 1's worker is "running" (its locks are held): shard 0's worker runs beside it; a second shard 1 is busy.
            Assert.Equal(ExitCodes.Success, (await Run(shard0)).ExitCode);
            var charged = f.Simulator.Ledger.Charges.Count;
            Assert.True(charged > 0);
            Assert.True(File.Exists(StoreLocations.LedgerPath(f.ManifestPath, "cli-test", shard0)));
            Assert.Equal(ExitCodes.Busy, (await Run(shard1)).ExitCode);
            Assert.Contains("busy: another run of shard 1/2 of pipeline 'cli-test'", f.Error.ToString(), StringComparison.Ordinal);
            Assert.Equal(charged, f.Simulator.Ledger.Charges.Count);
        }
    }

    private static List<string> Column(RunFixture f, string column)
    {
        var csv = ManifestCsv.Read(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        return [.. csv.Rows.Select(r => csv.Get(r, column))];
    }

    private static void AssertManifestMatchesDisk(string directory, int expectedFiles)
    {
        var csv = ManifestCsv.Read(Path.Combine(directory, "manifest.csv"));
        var files = csv.Rows.Where(r => csv.Get(r, "path").Length > 0).ToList();
        Assert.Equal(expectedFiles, files.Count);
        Assert.All(files, r => Assert.Equal(
            csv.Get(r, "sha256"), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, csv.Get(r, "path")))))));
    }
}
