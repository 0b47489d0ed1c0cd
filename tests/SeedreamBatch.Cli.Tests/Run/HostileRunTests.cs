using System.Diagnostics;
using System.Runtime.InteropServices;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>
/// A key variable named but unset, and a provider that makes the run wait forever (Retry-After: 999999, a drip-feed
/// image server): the real CLI process must end within 5 s of SIGTERM, with the state store consistent.
/// </summary>
public sealed class HostileRunTests
{
    [Fact]
    public async Task RunAsync_ApiKeyEnvNamedButUnset_Exits2AndNeverFallsBackToTheSimulator()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 2);

        var result = await new PipelineRunner(TimeProvider.System, f.Output, f.Error).RunAsync(
            new RunRequest { ManifestPath = f.ManifestPath, Environment = _ => null }, null, default, default);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains($"providers.ark.api_key_env names {RunFixture.KeyVariable}, which is not set", f.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("simulator", f.Output.ToString(), StringComparison.Ordinal);
        Assert.Empty(f.Simulator.Ledger.Charges);
    }

    [Fact]
    public async Task RunAsync_ApiKeyEnvUnsetWithProviderSim_RunsOnTheBuiltInSimulator()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 1);

        var result = await new PipelineRunner(TimeProvider.System, f.Output, f.Error).RunAsync(
            new RunRequest { ManifestPath = f.ManifestPath, Provider = "sim", Environment = _ => null }, null, default, default);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("provider sim: running against the built-in simulator", f.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SigtermDuringRetryAfter999999_ExitsWithin5sNothingLeftSubmitting()
    {
        await using var f = await RunFixture.StartAsync(o =>
        {
            o.Faults.RateLimitedRate = 1;
            o.Faults.RateLimitedRetryAfter = TimeSpan.FromSeconds(999_999);
        });
        f.WriteManifest(rows: 4, concurrency: 2, retryAttempts: 5);
        using var child = Start(f);
        await f.Simulator.Stats.WaitForCountAsync("rate_limited", 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        var exitCode = await TerminateAsync(child);

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Empty(f.Simulator.Ledger.Charges);
        using var reader = StateReader.Open(StateStore.PathFor(f.OutputsDirectory));
        var counts = await reader.CountByStatusAsync(CancellationToken.None);
        Assert.Equal(0, counts[JobStatus.Submitting] + counts[JobStatus.Submitted]);
    }

    [Fact]
    public async Task Run_SigtermDuringDripFeedDownload_ExitsWithin5sAndTheNextRunFetchesWithoutPaying()
    {
        await using var f = await RunFixture.StartAsync(o => o.Faults.DownloadBytesPerSecond = 200);
        f.WriteManifest(rows: 1);
        using (var child = Start(f))
        {
            await f.Simulator.Ledger.WaitForChargeAsync(_ => true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(ExitCodes.Interrupted, await TerminateAsync(child));
        }

        using (var reader = StateReader.Open(StateStore.PathFor(f.OutputsDirectory)))
        {
            var counts = await reader.CountByStatusAsync(CancellationToken.None);
            Assert.Equal((1, 1), (counts[JobStatus.Generated], counts.Total));
        }

        f.Simulator.Faults.DownloadBytesPerSecond = 0;
        var rerun = await f.RunAsync();

        Assert.Equal((ExitCodes.Success, 1), (rerun.ExitCode, f.Simulator.Ledger.Charges.Count));
    }

    /// <summary>SIGTERM, then the process must be gone within 5 s.</summary>
    private static async Task<int> TerminateAsync(Process child)
    {
        Assert.Equal(0, Kill(child.Id, 15));
        var clock = Stopwatch.StartNew();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"exited {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM");
        return child.ExitCode;
    }

    private static Process Start(RunFixture f)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "seedream-batch.dll"));
        info.ArgumentList.Add("run");
        info.ArgumentList.Add(f.ManifestPath);
        info.ArgumentList.Add("--no-color");
        info.Environment[RunFixture.KeyVariable] = f.Simulator.ApiKey;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
