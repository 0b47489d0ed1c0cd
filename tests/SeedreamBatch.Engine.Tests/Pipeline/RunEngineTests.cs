using SeedreamBatch.Core.Providers;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

public sealed class RunEngineTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public RunEngineTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_AllSucceed_EveryJobDoneWithFilesAndExitZero()
    {
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(20), client);

        Assert.Equal((20, 0, RunStatus.Completed), (outcome.Done, outcome.Failed, outcome.Status));
        Assert.Equal(20, outcome.ImagesGenerated);
        Assert.Equal(0.80m, outcome.BilledCostUsd);
        using var reader = _engine.OpenReader();
        Assert.Equal(20, (await reader.CountByStatusAsync(CancellationToken.None))[JobStatus.Done]);
        var outputs = await reader.GetOutputsAsync(TestJobs.Create(7).Key, CancellationToken.None);
        Assert.Equal(["original", "web"], outputs.Select(o => o.Variant));
        Assert.All(outputs, o => Assert.True(File.Exists(_dir.Combine(o.Path)), o.Path));
        Assert.Equal("sku-000007/studio.original.png", outputs[0].Path);
        Assert.Equal(20, _engine.ProgressReports.Count);
        Assert.Equal(20, _engine.ProgressReports[^1].Done);
    }

    [Fact]
    public async Task RunAsync_500JobsWith20PercentRetryableFaults_EveryJobEndsDoneOrFailedWithReason()
    {
        var client = new FakeImageProvider
        {
            // Deterministic per (prompt, attempt): about one attempt in five fails, 429s among them.
            Fault = (prompt, attempt) => (StableHash(prompt, attempt) % 10) switch
            {
                0 => Answer.Error(ProviderErrorKind.ServerError, "InternalServiceError", "boom"),
                1 => Answer.Error(ProviderErrorKind.RateLimited, "RateLimitExceeded.EndpointRPMExceeded", "slow down"),
                _ => null,
            },
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(500), client, retryAttempts: 2);

        Assert.Equal(500, outcome.Done + outcome.Failed);
        Assert.InRange(outcome.Failed, 1, 60); // ~4% fail both attempts
        Assert.Equal(RunStatus.CompletedWithFailures, outcome.Status);
        using var reader = _engine.OpenReader();
        var counts = await reader.CountByStatusAsync(CancellationToken.None);
        Assert.Equal(500, counts[JobStatus.Done] + counts[JobStatus.Failed]);
        var failures = await reader.GetFailuresByKindAsync(CancellationToken.None);
        Assert.Equal(outcome.Failed, failures.GetValueOrDefault(FailureKind.RetriesExhausted.Name));
        Assert.True(client.TotalSubmits <= 1000);
    }

    [Fact]
    public async Task RunAsync_RefusalWithRetryAfter_ResubmittedNoEarlierThanAsked()
    {
        var clock = new FakeClock();
        var client = new FakeImageProvider
        {
            Fault = (_, attempt) => attempt == 1
                ? Answer.Error(ProviderErrorKind.ServerError, "ServiceUnavailable", "busy", TimeSpan.FromSeconds(30))
                : null,
        };

        var run = _engine.RunAsync(_engine.Jobs(1), client, retryClock: clock, retryMaxDelay: TimeSpan.FromMinutes(1));
        await clock.WaitForPendingTimersAsync(1);
        clock.Advance(TimeSpan.FromSeconds(29));
        var submitsBefore = client.TotalSubmits;
        clock.Advance(TimeSpan.FromSeconds(1));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, submitsBefore);
        Assert.Equal(2, client.TotalSubmits);
        Assert.Equal(1, outcome.Done);
    }

    [Fact]
    public async Task RunAsync_TransientErrorWithPinnedJitter_RetriesAfterExactlyHalfTheBackoff()
    {
        // Full jitter takes ½ to 1 of the backoff; a jitter pinned to 0 makes the first pause exactly 4 s / 2.
        var clock = new FakeClock();
        var client = new FakeImageProvider
        {
            Fault = (_, attempt) => attempt == 1 ? Answer.Error(ProviderErrorKind.ServerError, "InternalServiceError", "busy") : null,
        };

        var run = _engine.RunAsync(_engine.Jobs(1), client, retryClock: clock, retryBaseDelay: TimeSpan.FromSeconds(4), retryMaxDelay: TimeSpan.FromMinutes(1), retryJitter: RetryJitter.Fixed(0));
        await clock.WaitForPendingTimersAsync(1);
        clock.Advance(TimeSpan.FromMilliseconds(1999));
        var submitsBefore = client.TotalSubmits;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal((1, 2, 1), (submitsBefore, client.TotalSubmits, outcome.Done));
    }

    [Fact]
    public async Task RunAsync_RetryAfterBeyondMaxDelay_WaitsOnlyTheMaxDelay()
    {
        var clock = new FakeClock();
        var client = new FakeImageProvider
        {
            Fault = (_, attempt) => attempt == 1
                ? Answer.Error(ProviderErrorKind.ServerError, "ServiceUnavailable", "busy", TimeSpan.FromHours(1))
                : null,
        };

        var run = _engine.RunAsync(_engine.Jobs(1), client, retryClock: clock, retryMaxDelay: TimeSpan.FromSeconds(10));
        await clock.WaitForPendingTimersAsync(1);
        clock.Advance(TimeSpan.FromSeconds(10));
        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, client.TotalSubmits);
        Assert.Equal(1, outcome.Done);
    }

    [Fact]
    public async Task RunAsync_NonRetryableError_AttemptedExactlyOnce()
    {
        var poisoned = TestJobs.Create(3).Request.Prompt;
        var client = new FakeImageProvider
        {
            Fault = (prompt, _) => prompt == poisoned
                ? Answer.Error(ProviderErrorKind.ContentPolicy, "InputTextSensitiveContentDetected", "the prompt was refused")
                : null,
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(6), client, retryAttempts: 5);

        Assert.Equal(1, client.SubmitsFor(poisoned));
        Assert.Equal((5, 1), (outcome.Done, outcome.Failed));
        using var reader = _engine.OpenReader();
        var record = await reader.GetJobAsync(TestJobs.Create(3).Key, CancellationToken.None);
        Assert.Equal(JobStatus.Failed, record!.Status);
        Assert.Equal(new JobFailure(FailureKind.ContentPolicy, "InputTextSensitiveContentDetected", "the prompt was refused"), record.Failure);
    }

    [Fact]
    public async Task RunAsync_BudgetAtConcurrency32_NeverExceededAndExitsThree()
    {
        var random = new Random(32);
        int Next(int max)
        {
            lock (random)
            {
                return random.Next(0, max);
            }
        }

        var client = new FakeImageProvider
        {
            Latency = async (_, ct) => await Task.Delay(Next(3), ct),
            BilledImages = r => Next(r.ImageCount + 1),
        };
        var budget = new BudgetOptions { MaxCostUsd = 2.00m };

        var outcome = await _engine.RunAsync(
            _engine.Jobs(400), client, budget, new ThrottleOptions { MaxConcurrency = 32, DefaultRateLimitPause = TimeSpan.Zero });

        Assert.Equal(RunStatus.BudgetReached, outcome.Status);
        Assert.True(outcome.BudgetReached);
        Assert.True(outcome.BudgetSkipped >= 1);
        Assert.True(client.MaxInFlight <= 32, $"in flight {client.MaxInFlight}");
        using var reader = _engine.OpenReader();
        var (billed, _) = await reader.GetTotalBilledAsync(CancellationToken.None);
        Assert.True(billed <= 2.00m, $"billed {billed}");
        Assert.Equal(0m, _engine.LastBudget!.Snapshot().ReservedUsd);
    }

    [Fact]
    public async Task RunAsync_RerunAfterSuccess_SkipsEveryJobWithZeroSubmits()
    {
        await _engine.RunAsync(_engine.Jobs(12), new FakeImageProvider());
        var processedBefore = _engine.PostProcessor.Calls;
        var rerunClient = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(12), rerunClient);

        Assert.Equal(0, rerunClient.TotalSubmits);
        Assert.Equal(processedBefore, _engine.PostProcessor.Calls);
        Assert.Equal((12, 0, RunStatus.Completed), (outcome.SkippedDone, outcome.Done, outcome.Status));
    }

    [Fact]
    public async Task RunAsync_RecipeChanged_ReprocessesFromOriginalsWithoutSubmitting()
    {
        await _engine.RunAsync(_engine.Jobs(5), new FakeImageProvider());
        var rerunClient = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(5, processingKey: "recipe-2"), rerunClient);

        Assert.Equal(0, rerunClient.TotalSubmits);
        Assert.Equal(5, outcome.Done);
        Assert.Equal(10, _engine.PostProcessor.Calls);
        using var reader = _engine.OpenReader();
        Assert.Equal("recipe-2", (await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!.ProcessingKey);
    }

    [Fact]
    public async Task RunAsync_VariantFileTampered_ReprocessesOnlyThatJob()
    {
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());
        await File.AppendAllTextAsync(_dir.Combine("sku-000001", "studio.web.png"), "x");
        var rerunClient = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(3), rerunClient);

        Assert.Equal(0, rerunClient.TotalSubmits);
        Assert.Equal((1, 2), (outcome.Done, outcome.SkippedDone));
    }

    [Fact]
    public async Task RunAsync_OriginalDeleted_GeneratesThatJobAgain()
    {
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());
        File.Delete(_dir.Combine("sku-000002", "studio.original.png"));
        var rerunClient = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(3), rerunClient);

        Assert.Equal(1, rerunClient.TotalSubmits);
        Assert.Equal(1, outcome.Done);
    }

    [Fact]
    public async Task RunAsync_FailedEarlier_LeftAloneUnlessRetryFailed()
    {
        var poisoned = TestJobs.Create(0).Request.Prompt;
        await _engine.RunAsync(_engine.Jobs(2), new FakeImageProvider
        {
            Fault = (p, _) => p == poisoned ? Answer.Error(ProviderErrorKind.InvalidRequest, "InvalidParameter", "bad size") : null,
        });

        var plain = new FakeImageProvider();
        var second = await _engine.RunAsync(_engine.Jobs(2), plain);
        var retrying = new FakeImageProvider();
        var third = await _engine.RunAsync(_engine.Jobs(2), retrying, retryFailed: true);

        Assert.Equal((0, 1, RunStatus.CompletedWithFailures), (plain.TotalSubmits, second.SkippedFailed, second.Status));
        Assert.Equal((1, 1, RunStatus.Completed), (retrying.TotalSubmits, third.Done, third.Status));
    }

    [Fact]
    public async Task RunAsync_CrashLeftSubmittingWithoutTaskId_FailsUnknownOutcomeWithoutPaying()
    {
        var job = TestJobs.Create(0, _dir.Path);
        SimulateCrashAfterSubmitting(job, taskId: null);
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync([job], client);

        Assert.Equal(0, client.TotalSubmits);
        Assert.Equal((1, RunStatus.CompletedWithFailures), (outcome.Failed, outcome.Status));
        using var reader = _engine.OpenReader();
        Assert.Equal(FailureKind.UnknownOutcomeAfterCrash, (await reader.GetJobAsync(job.Key, CancellationToken.None))!.Failure!.Kind);
    }

    [Fact]
    public async Task RunAsync_CrashLeftSubmittingAndRetryUnknown_SubmitsAgain()
    {
        var job = TestJobs.Create(0, _dir.Path);
        SimulateCrashAfterSubmitting(job, taskId: null);
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync([job], client, retryUnknown: true);

        Assert.Equal(1, client.TotalSubmits);
        Assert.Equal(1, outcome.Done);
        using var reader = _engine.OpenReader();
        Assert.Equal(2, (await reader.GetJobAsync(job.Key, CancellationToken.None))!.Attempts);
    }

    [Fact]
    public async Task RunAsync_CrashLeftKnownTask_PollsInsteadOfSubmitting()
    {
        var job = TestJobs.Create(0, _dir.Path);
        SimulateCrashAfterSubmitting(job, taskId: "task-from-before");
        var client = new FakeImageProvider { UsesTasks = true };
        client.KnowTask("task-from-before", job.Request.Prompt);

        var outcome = await _engine.RunAsync([job], client);

        Assert.Equal((0, 1), (client.TotalSubmits, client.TotalPolls));
        Assert.Equal(1, outcome.Done);
    }

    [Fact]
    public async Task RunAsync_StopDuringRun_FinishesInFlightAndSubmitsNothingMore()
    {
        using var stop = new CancellationTokenSource();
        var allInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var client = new FakeImageProvider
        {
            Latency = async (_, ct) =>
            {
                if (Interlocked.Increment(ref started) == 4)
                {
                    await stop.CancelAsync();
                    allInFlight.SetResult();
                }

                await allInFlight.Task.WaitAsync(ct);
            },
        };

        var outcome = await _engine.RunAsync(
            _engine.Jobs(50), client, throttle: new ThrottleOptions { MaxConcurrency = 4 }, stop: stop.Token);

        Assert.Equal(4, client.TotalSubmits);
        Assert.Equal((4, RunStatus.Interrupted), (outcome.Done, outcome.Status));
        using var reader = _engine.OpenReader();
        var counts = await reader.CountByStatusAsync(CancellationToken.None);
        Assert.Equal((4, 4), (counts[JobStatus.Done], counts.Total));
        Assert.True(File.Exists(_dir.Combine("manifest.csv")));
    }

    [Fact]
    public async Task RunAsync_AbortWhileAwaitingTasks_LeavesTasksToResumeWithoutPayingAgain()
    {
        using var abort = new CancellationTokenSource();
        var polling = 0;
        var client = new FakeImageProvider
        {
            UsesTasks = true,
            PollLatency = async (_, ct) =>
            {
                if (Interlocked.Increment(ref polling) == 6)
                {
                    await abort.CancelAsync();
                }

                await Task.Delay(Timeout.Infinite, ct);
            },
        };

        var first = await _engine.RunAsync(_engine.Jobs(6), client, abort: abort.Token);

        Assert.Equal((6, RunStatus.Interrupted), (first.Interrupted, first.Status));
        using (var reader = _engine.OpenReader())
        {
            Assert.Equal(6, (await reader.CountByStatusAsync(CancellationToken.None))[JobStatus.Submitted]);
        }

        var resumed = new FakeImageProvider { UsesTasks = true };
        using (var reader = _engine.OpenReader())
        {
            foreach (var job in _engine.Jobs(6))
            {
                resumed.KnowTask((await reader.GetJobAsync(job.Key, CancellationToken.None))!.TaskId!, job.Request.Prompt);
            }
        }

        var second = await _engine.RunAsync(_engine.Jobs(6), resumed);

        Assert.Equal((0, 6), (resumed.TotalSubmits, resumed.TotalPolls));
        Assert.Equal((6, RunStatus.Completed), (second.Done, second.Status));
    }

    [Fact]
    public async Task RunAsync_Force_RegeneratesDoneJobs()
    {
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(3), client, force: true);

        Assert.Equal((3, 3), (client.TotalSubmits, outcome.Done));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }

    private static uint StableHash(string text, int salt)
    {
        // FNV-1a: the same on every run, unlike string.GetHashCode.
        var hash = 2166136261u ^ (uint)salt;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }

    /// <summary>What a process killed between "record submitting" (and maybe "record task id") and the answer leaves behind.</summary>
    private void SimulateCrashAfterSubmitting(SeedreamBatch.Core.Jobs.Job job, string? taskId)
    {
        var store = StateStore.Open(_engine.DatabasePath, TimeProvider.System);
        store.RecordSubmittingAsync(job, "crashed-run", CancellationToken.None).GetAwaiter().GetResult();
        if (taskId is not null)
        {
            store.RecordTaskIdAsync(job.Key, taskId, CancellationToken.None).GetAwaiter().GetResult();
        }

        store.Dispose();
    }
}
