using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>
/// A provider that asks the run to wait forever: the wait is capped and shown, and the first stop ends every wait at
/// once with each job's state consistent (nothing left "submitting", nothing paid twice).
/// </summary>
public sealed class HostileWaitTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public HostileWaitTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_RetryAfter999999ThenStop_WaitCappedAndShownAndStopEndsItAtOnce()
    {
        // Which job reaches the provider first is the pipeline's business, not this test's: it follows the refused one.
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new FakeImageProvider
        {
            Fault = (prompt, attempt) =>
            {
                refused.TrySetResult(prompt);
                return attempt == 1 ? Answer.Error(ProviderErrorKind.RateLimited, "RateLimitExceeded", "slow down", TimeSpan.FromSeconds(999_999)) : null;
            },
        };
        using var stop = new CancellationTokenSource();
        var jobs = _engine.Jobs(6).ToList();

        // The throttle's pause runs on the real clock here: only the stop can end it within the test's guard.
        var run = _engine.RunAsync(
            jobs, client, throttle: new ThrottleOptions { MaxConcurrency = 1, DefaultRateLimitPause = TimeSpan.Zero },
            retryAttempts: 5, retryMaxDelay: TimeSpan.FromSeconds(60), stop: stop.Token);
        var refusedPrompt = await refused.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RunStatus.Interrupted, outcome.Status);
        Assert.Equal(1, client.TotalSubmits);
        Assert.Contains(_engine.ProgressReports.SelectMany(p => p.LastErrors), e => e.Contains("retrying in 60 s (Retry-After 999999 s, capped)", StringComparison.Ordinal));
        using var reader = _engine.OpenReader();
        var refusedJob = jobs.Single(j => j.Request.Prompt == refusedPrompt);
        var first = (await reader.GetJobAsync(refusedJob.Key, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, first.Status);
        Assert.Equal(FailureKind.RetriesExhausted, first.Failure!.Kind);
        Assert.Contains("stopped before try 2", first.Failure.Message, StringComparison.Ordinal);
        foreach (var job in jobs.Where(j => j != refusedJob))
        {
            var other = await reader.GetJobAsync(job.Key, CancellationToken.None);
            Assert.True(other is null || other.Status is not (JobStatus.Submitting or JobStatus.Submitted), $"job {job.Ordinal}: {other?.Status}");
        }
    }

    [Fact]
    public async Task RunAsync_StopWhilePollingATask_LeavesItSubmittedWithItsIdForTheNextRun()
    {
        var polling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new FakeImageProvider
        {
            UsesTasks = true,
            PollLatency = async (_, ct) =>
            {
                polling.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            },
        };
        using var stop = new CancellationTokenSource();

        var run = _engine.RunAsync(_engine.Jobs(1), client, stop: stop.Token);
        await polling.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RunStatus.Interrupted, outcome.Status);
        Assert.Equal(1, outcome.Interrupted);
        using var reader = _engine.OpenReader();
        var job = (await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!;
        Assert.Equal(JobStatus.Submitted, job.Status);
        Assert.NotNull(job.TaskId);

        // The next run polls the same task and pays nothing more.
        var next = new FakeImageProvider { UsesTasks = true };
        next.KnowTask(job.TaskId!, TestJobs.Create(0).Request.Prompt);
        var resumed = await _engine.RunAsync(_engine.Jobs(1), next);
        Assert.Equal((1, 0), (resumed.Done, next.TotalSubmits));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }
}
