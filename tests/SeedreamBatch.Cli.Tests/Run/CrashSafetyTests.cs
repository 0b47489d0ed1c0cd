using System.Diagnostics;
using System.Security.Cryptography;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Simulator;
using SeedreamBatch.Simulator.Ledger;
using Xunit.Abstractions;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>
/// Issue 6: the real CLI as a child process, SIGKILLed at random points while paid requests are in flight, then
/// rerun until it succeeds. Every job is charged exactly once, except the unknown outcomes the user explicitly
/// asked to pay again for (--retry-unknown), and the folder ends consistent. The kill points are seeded, and each kill
/// happens inside the simulator's charge of the threshold request, before its answer goes out: the child is always
/// mid-flight, however fast or slow the machine.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper log)
{
    private const int Jobs = 60;
    private const int Seed = 20261202;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Run_KilledThreeTimesThenRerun_EachJobChargedOnceAndFilesMatchManifest()
    {
        await using var f = await RunFixture.StartAsync(o =>
            o.Faults.RequestLatency = LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(150)));
        f.WriteManifest(rows: Jobs, concurrency: 8);
        var random = new Random(Seed);
        var ledger = f.Simulator.Ledger;
        foreach (var baseline in new[] { 5, 20, 40 })
        {
            // At most 8 jobs per kill end unknown and unpaid, so even the third child makes at least 60 - 16 charges.
            var threshold = baseline + random.Next(0, 4);
            using var child = Start(f, retryUnknown: false);
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void KillAtThreshold(LedgerCharge charge)
            {
                if (ledger.Charges.Count >= threshold && killed.TrySetResult())
                {
                    child.Kill(entireProcessTree: true); // SIGKILL: no handler runs, nothing is flushed
                }
            }

            ledger.Charged += KillAtThreshold;
            try
            {
                await Task.WhenAny(killed.Task, child.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                ledger.Charged -= KillAtThreshold;
            }

            Assert.True(killed.Task.IsCompleted, $"the run exited {(child.HasExited ? child.ExitCode : -1)} before charge {threshold}");
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var plain = await RunToEndAsync(f, retryUnknown: false);
        var unknown = plain == ExitCodes.Success ? [] : StoreQueries.UnknownOutcomeJobs(Engine.State.StoreLocations.StatePath(f.OutputsDirectory));
        Assert.True(plain == ExitCodes.Success || unknown.Count > 0, $"rerun exited {plain} without unknown outcomes");

        // Unknown outcomes are money: billed + possibly billed covers what the provider charged.
        AssertCoversCharges(f, unknown.Count);
        if (unknown.Count > 0)
        {
            Assert.Equal(ExitCodes.Success, await RunToEndAsync(f, retryUnknown: true));
            AssertCoversCharges(f, unknown.Count);
        }

        log.WriteLine($"plain rerun exit {plain}; unknown outcomes {unknown.Count}; charges {f.Simulator.Ledger.Charges.Count}");
        var charges = f.Simulator.Ledger.Charges.GroupBy(c => c.Job!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Jobs, charges.Count);
        Assert.All(charges, c => Assert.True(c.Value == 1 || (c.Value == 2 && unknown.Contains(c.Key)), $"{c.Key} charged {c.Value}×"));
        Assert.Empty(Directory.EnumerateFiles(f.OutputsDirectory, "*.part", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(f.OutputsDirectory, "*.tmp", SearchOption.AllDirectories));
        var rows = ManifestFiles(f);
        Assert.Equal(Jobs * 2, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.Sha256, Sha256(Path.Combine(f.OutputsDirectory, r.Path))));
    }

    private static async Task<int> RunToEndAsync(RunFixture f, bool retryUnknown)
    {
        using var child = Start(f, retryUnknown);
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return child.ExitCode;
    }

    private static Process Start(RunFixture f, bool retryUnknown)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "seedream-batch.dll"));
        info.ArgumentList.Add("run");
        info.ArgumentList.Add(f.ManifestPath);
        info.ArgumentList.Add("--no-color");
        if (retryUnknown)
        {
            info.ArgumentList.Add("--retry-unknown");
        }

        info.Environment[RunFixture.KeyVariable] = f.Simulator.ApiKey;
        info.Environment["ARK_API_KEY"] = f.Simulator.ApiKey;
        var process = Process.Start(info)!;

        // Drained so a full pipe never blocks the child.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void AssertCoversCharges(RunFixture f, int unknown)
    {
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "summary.json")));
        var cost = summary.RootElement.GetProperty("cost");
        var billed = cost.GetProperty("lifetimeBilledUsd").GetDecimal();
        var possibly = cost.GetProperty("possiblyBilledUpToUsd").GetDecimal();
        Assert.True(cost.GetProperty("possiblyBilledRequests").GetInt32() >= unknown);
        Assert.True(billed + possibly >= f.Simulator.Ledger.TotalUsd, $"billed {billed} + possibly {possibly} < charged {f.Simulator.Ledger.TotalUsd}");
    }

    private static List<(string Path, string Sha256)> ManifestFiles(RunFixture f) =>
        [.. ReadManifest(f).Where(r => r.Path.Length > 0).Select(r => (r.Path, r.Sha256))];

    private static List<(string JobKey, string Path, string Sha256)> ReadManifest(RunFixture f)
    {
        var csv = ManifestCsv.Read(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        return [.. csv.Rows.Select(r => (csv.Get(r, "jobKey"), csv.Get(r, "path"), csv.Get(r, "sha256")))];
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
