using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>Issue 12: exit codes that say what happened, a run that stops when no job can succeed, progress that adds up.</summary>
public sealed class RunTrustTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public RunTrustTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_StopAfterLastSubmission_EveryJobDoneExitsZero()
    {
        using var stop = new CancellationTokenSource();
        var allSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var client = new FakeImageProvider
        {
            Latency = async (_, ct) =>
            {
                if (Interlocked.Increment(ref started) == 4)
                {
                    await stop.CancelAsync();
                    allSent.SetResult();
                }

                await allSent.Task.WaitAsync(ct);
            },
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(4), client, throttle: new ThrottleOptions { MaxConcurrency = 4 }, stop: stop.Token, expectedJobs: 4);

        Assert.Equal((4, 0, RunStatus.Completed), (outcome.Done, outcome.NotReached, outcome.Status));
    }

    [Fact]
    public async Task RunAsync_StopMidway_OutcomeAddsUpToTheJobTotal()
    {
        using var stop = new CancellationTokenSource();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var client = new FakeImageProvider
        {
            Latency = async (_, ct) =>
            {
                if (Interlocked.Increment(ref started) == 4)
                {
                    await stop.CancelAsync();
                    inFlight.SetResult();
                }

                await inFlight.Task.WaitAsync(ct);
            },
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(50), client, throttle: new ThrottleOptions { MaxConcurrency = 4 }, stop: stop.Token, expectedJobs: 50);

        Assert.Equal(RunStatus.Interrupted, outcome.Status);
        Assert.Equal(50, outcome.Done + outcome.Failed + outcome.SkippedDone + outcome.SkippedFailed + outcome.BudgetSkipped
            + outcome.NotStarted + outcome.Interrupted + outcome.NotReached);
    }

    [Theory]
    [InlineData(ProviderErrorKind.Authentication, "authentication failed for ark (AuthenticationError): check ARK_API_KEY")]
    [InlineData(ProviderErrorKind.AccountProblem, "the ark account refused the request (AccountOverdueError)")]
    public async Task RunAsync_AuthOrAccountError_StopsNewSubmissionsAtOnceWithCauseAndFix(ProviderErrorKind kind, string line)
    {
        var code = kind == ProviderErrorKind.Authentication ? "AuthenticationError" : "AccountOverdueError";
        var client = new FakeImageProvider { Fault = (_, _) => Answer.Error(kind, code, "the provider said no") };

        var outcome = await _engine.RunAsync(_engine.Jobs(20), client, throttle: new ThrottleOptions { MaxConcurrency = 1 }, expectedJobs: 20);

        Assert.Equal(1, client.TotalSubmits);
        Assert.Equal((1, RunStatus.StoppedOnError), (outcome.Failed, outcome.Status));
        Assert.StartsWith(line, outcome.FatalError, StringComparison.Ordinal);
        Assert.Equal(20, outcome.Failed + outcome.NotStarted + outcome.NotReached);
        using var reader = _engine.OpenReader();
        var failures = await reader.GetFailuresByKindAsync(CancellationToken.None);
        Assert.Equal(1, failures[kind == ProviderErrorKind.Authentication ? FailureKind.AuthenticationFailed.Name : FailureKind.AccountProblem.Name]);
    }

    [Fact]
    public async Task RunAsync_RetriedError_ShowsTheOutputNameAndMarksTheRetry()
    {
        var client = new FakeImageProvider
        {
            Fault = (_, attempt) => attempt == 1 ? Answer.Error(ProviderErrorKind.ServerError, "InternalServiceError", "boom") : null,
        };

        await _engine.RunAsync(_engine.Jobs(1), client);

        var errors = _engine.ProgressReports[^1].LastErrors;
        Assert.Contains(errors, e => e.StartsWith("sku-000000/studio: retry 1/2: InternalServiceError boom", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }
}
