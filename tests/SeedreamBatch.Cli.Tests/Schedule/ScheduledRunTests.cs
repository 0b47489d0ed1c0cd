using SeedreamBatch.Cli.Schedule;
using SeedreamBatch.Cli.Tests.Run;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Tests.Schedule;

/// <summary>The scheduler (fake clock) driving real runs (simulator over loopback, real files) through the in-process launcher.</summary>
public sealed class ScheduledRunTests
{
    [Fact]
    public async Task Schedule_TwoDueTimes_TwoRealRunsAndTheSecondPaysNothing()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        File.AppendAllText(f.ManifestPath, "schedule: { cron: \"30 1 * * *\", timezone: Asia/Shanghai }\n");
        var pipeline = ManifestLoader.Load(f.ManifestPath).Pipeline!;
        var scheduled = new ScheduledPipeline(f.ManifestPath, pipeline.Name, pipeline.Schedule!, ScheduleStateFile.PathFor(pipeline));
        var clock = new FakeClock();
        var output = new StringWriter();
        var launcher = new InProcessLauncher(TimeProvider.System, ManifestOverrides.None, null, TextWriter.Synchronized(output), TextWriter.Synchronized(f.Error), verbose: false)
        {
            Adjust = r => r with { Environment = name => name == RunFixture.KeyVariable ? f.Simulator.ApiKey : null },
        };
        var scheduler = new Scheduler([scheduled], launcher, clock, new ScheduleLog(TextWriter.Synchronized(output), clock), new ScheduleLimits(2, null));
        var ended = 0;
        var runEnded = new SemaphoreSlim(0);
        scheduler.RunEnded += _ =>
        {
            Interlocked.Increment(ref ended);
            runEnded.Release();
        };

        var run = scheduler.RunAsync(CancellationToken.None, CancellationToken.None);
        await clock.WaitForPendingTimersAsync();
        clock.Advance(clock.PendingDueTimes[0]);
        Assert.True(await runEnded.WaitAsync(TimeSpan.FromSeconds(60)), output.ToString());
        await clock.WaitForPendingTimersAsync();
        clock.Advance(clock.PendingDueTimes[0]);
        var code = await run;

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(2, ended);
        Assert.Equal(3, f.Simulator.Ledger.ImagesByJob().Count);
        Assert.Equal(2, output.ToString().Split('\n').Count(l => l.Contains("ended: exit 0 (all done)", StringComparison.Ordinal)));
        Assert.Contains("Done: 3 done", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Done: 0 done, 0 failed, 3 skipped", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(Path.Combine(f.OutputsDirectory, ".seedream", "schedule-cli-test.json"), scheduled.StatePath);
        Assert.True(File.Exists(scheduled.StatePath));
    }
}
