using System.Text.Json;
using Cronos;
using SeedreamBatch.Cli.Schedule;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Tests.Schedule;

/// <summary>The scheduler on the fake clock: days pass in milliseconds, every due time exactly where Cronos puts it.</summary>
public sealed class SchedulerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private FakeClock _clock = new(Start);
    private readonly StringWriter _log = new();

    public void Dispose() => _dir.Dispose();

    private ScheduledPipeline Pipeline(string cron, string zone = "UTC", CatchUpPolicy catchUp = CatchUpPolicy.Skip)
    {
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var spec = new ScheduleSpec(cron, CronExpression.Parse(cron, format), TimeZoneInfo.FindSystemTimeZoneById(zone), catchUp, SourceLocation.OfFile("t.yaml"));
        return new ScheduledPipeline(_dir.Combine("t.yaml"), "nightly", spec, _dir.Combine(".seedream", "schedule-nightly.json"));
    }

    private Scheduler Scheduler(ScheduledPipeline pipeline, RecordingLauncher launcher, int? maxRuns = null, DateTimeOffset? until = null) =>
        new([pipeline], launcher, _clock, new ScheduleLog(TextWriter.Synchronized(_log), _clock), new ScheduleLimits(maxRuns, until));

    /// <summary>Moves the clock to each next timer until the scheduler ends; <paramref name="between"/> runs before each move.</summary>
    private async Task<int> DriveAsync(Task<int> run, Func<int, Task>? between = null)
    {
        for (var step = 0; step < 100; step++)
        {
            await Task.WhenAny(run, _clock.WaitForPendingTimersAsync());
            if (run.IsCompleted)
            {
                return await run;
            }

            if (between is not null)
            {
                await between(step);
            }

            _clock.Advance(_clock.PendingDueTimes[0]);
        }

        throw new InvalidOperationException("the scheduler did not end");
    }

    [Fact]
    public async Task RunAsync_Every5SecondsMaxRuns3_RunsThreeTimesOnTheDueTimes()
    {
        var launcher = new RecordingLauncher(_clock);
        var scheduler = Scheduler(Pipeline("*/5 * * * * *"), launcher, maxRuns: 3);

        var code = await DriveAsync(scheduler.RunAsync(CancellationToken.None, CancellationToken.None));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(10), Start.AddSeconds(15)], launcher.Starts);
        Assert.Equal(3, scheduler.RunsFinished);
    }

    [Fact]
    public async Task RunAsync_DueWhileRunning_IsSkippedAndLoggedNotQueued()
    {
        var launcher = new RecordingLauncher(_clock) { Hold = true };
        var scheduler = Scheduler(Pipeline("*/5 * * * * *"), launcher, maxRuns: 2);
        var firstEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.RunEnded += _ => firstEnded.TrySetResult();

        var code = await DriveAsync(scheduler.RunAsync(CancellationToken.None, CancellationToken.None), async step =>
        {
            if (step == 2)
            {
                // At 09:00:10 the 09:00:10 due time was skipped; the first run ends now, and nothing starts until 09:00:15.
                launcher.Hold = false;
                launcher.Release();
                await firstEnded.Task;
            }
        });

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal([Start.AddSeconds(5), Start.AddSeconds(15)], launcher.Starts);
        Assert.Equal(1, scheduler.RunsSkipped);
        Assert.Contains("run due 2026-11-21 09:00:10 +00:00 skipped: the previous run (started 2026-11-21 09:00:05 +00:00) is still going", _log.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CatchUpPolicy.Once, 1)]
    [InlineData(CatchUpPolicy.Skip, 0)]
    public async Task RunAsync_AfterThreeDaysDown_CatchUpDecides(CatchUpPolicy policy, int runs)
    {
        var pipeline = Pipeline("30 1 * * *", "Asia/Shanghai", policy);
        new ScheduleState { LastDue = Start.AddDays(-3) }.Save(pipeline.StatePath);
        var launcher = new RecordingLauncher(_clock);

        // Until one hour later: the next due time (01:30 Shanghai = 17:30 UTC) is not reached.
        var code = await DriveAsync(Scheduler(pipeline, launcher, until: Start.AddHours(1)).RunAsync(CancellationToken.None, CancellationToken.None));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(runs, launcher.Starts.Count);
        Assert.All(launcher.Starts, at => Assert.Equal(Start, at));
        Assert.Contains($"missed 3 due times (last 2026-11-21 01:30:00 +08:00); catch_up: {policy.ToString().ToLowerInvariant()}", _log.ToString(), StringComparison.Ordinal);

        // The missed times are dealt with: a restart does not catch them up again.
        using var state = JsonDocument.Parse(File.ReadAllText(pipeline.StatePath));
        Assert.Equal("2026-11-20T17:30:00+00:00", state.RootElement.GetProperty("last_due").GetString());
    }

    [Fact]
    public async Task RunAsync_FirstStart_CatchesUpNothingAndRemembersWhenItStarted()
    {
        var pipeline = Pipeline("30 1 * * *", "Asia/Shanghai", CatchUpPolicy.Once);
        var launcher = new RecordingLauncher(_clock);

        await DriveAsync(Scheduler(pipeline, launcher, until: Start.AddHours(1)).RunAsync(CancellationToken.None, CancellationToken.None));

        Assert.Empty(launcher.Starts);
        Assert.True(File.Exists(pipeline.StatePath));
    }

    [Fact]
    public async Task RunAsync_SpringForwardInBerlin_RunsOnceAtTheEndOfTheGapAsCronosDocuments()
    {
        // 2026-03-29 02:00 CET the clocks jump to 03:00 CEST: 02:30 does not exist that night.
        _clock = new FakeClock(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var launcher = new RecordingLauncher(_clock);

        await DriveAsync(Scheduler(Pipeline("30 2 * * *", "Europe/Berlin"), launcher, maxRuns: 3).RunAsync(CancellationToken.None, CancellationToken.None));

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),   // 03:00 CEST, right after the gap
                new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero),  // 02:30 CEST
                new DateTimeOffset(2026, 3, 31, 0, 30, 0, TimeSpan.Zero),
            ],
            launcher.Starts);
    }

    [Fact]
    public async Task RunAsync_FallBackInBerlin_RunsTheRepeatedHourOnce()
    {
        // 2026-10-25 03:00 CEST the clocks go back to 02:00 CET: 02:30 happens twice; a non-interval cron fires once.
        _clock = new FakeClock(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        var launcher = new RecordingLauncher(_clock);

        await DriveAsync(Scheduler(Pipeline("30 2 * * *", "Europe/Berlin"), launcher, maxRuns: 2).RunAsync(CancellationToken.None, CancellationToken.None));

        Assert.Equal(
            [
                new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), // 02:30 CEST, the first of the two
                new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), // 02:30 CET the next night
            ],
            launcher.Starts);
    }

    [Fact]
    public async Task RunAsync_StopDuringARun_LetsItFinishStartsNoMoreAndExits130()
    {
        var launcher = new RecordingLauncher(_clock) { Hold = true };
        using var stop = new CancellationTokenSource();
        var scheduler = Scheduler(Pipeline("*/5 * * * * *"), launcher);

        var run = scheduler.RunAsync(stop.Token, CancellationToken.None);
        await _clock.WaitForPendingTimersAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        await launcher.FirstStarted.Task;
        stop.Cancel();
        var code = await run;

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Single(launcher.Starts);
        Assert.False(launcher.SawAbort);
        Assert.Equal(1, scheduler.RunsFinished);
    }

    [Fact]
    public async Task RunAsync_StopWhileIdle_ExitsZero()
    {
        var launcher = new RecordingLauncher(_clock);
        using var stop = new CancellationTokenSource();

        var run = Scheduler(Pipeline("30 1 * * *"), launcher).RunAsync(stop.Token, CancellationToken.None);
        await _clock.WaitForPendingTimersAsync();
        stop.Cancel();

        Assert.Equal(ExitCodes.Success, await run);
        Assert.Empty(launcher.Starts);
    }
}
