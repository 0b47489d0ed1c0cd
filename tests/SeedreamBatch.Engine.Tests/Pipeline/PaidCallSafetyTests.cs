using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>The paths where a paid request could be sent twice or a possibly-billed job could free its budget.</summary>
public sealed class PaidCallSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public PaidCallSafetyTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_FirstPollFailsRetryably_PollsSameTaskAndSubmitsOnce()
    {
        var client = new FakeImageProvider
        {
            UsesTasks = true,
            PollFault = (_, poll) => poll == 1 ? Answer.Error(ProviderErrorKind.ServerError, "InternalServiceError", "poll hiccup") : null,
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(1), client, retryAttempts: 3);

        Assert.Equal((1, 2), (client.TotalSubmits, client.TotalPolls));
        Assert.Equal(1, outcome.Done);
        using var reader = _engine.OpenReader();
        Assert.Equal(1, (await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!.Attempts);
    }

    [Fact]
    public async Task RunAsync_EveryPollFailsRetryably_FailsWithoutSubmittingAgain()
    {
        var client = new FakeImageProvider
        {
            UsesTasks = true,
            PollFault = (_, _) => Answer.Error(ProviderErrorKind.ServerError, "InternalServiceError", "poll hiccup"),
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(1), client, retryAttempts: 3);

        Assert.Equal((1, 3), (client.TotalSubmits, client.TotalPolls));
        Assert.Equal(1, outcome.Failed);
    }

    [Fact]
    public async Task RunAsync_OutcomeUnknownAndThrowsAfterSendAtConcurrency32_HoldsCountAsSpentAndBudgetNeverOverrun()
    {
        // Odd jobs never get an answer (maybe billed), every fourth throws something unmapped after sending.
        var client = new FakeImageProvider
        {
            Latency = (_, ct) => Task.Delay(5, ct),
            Fault = (prompt, _) => (prompt[^1] - '0') switch
            {
                1 or 3 or 5 or 7 or 9 => Answer.Error(ProviderErrorKind.OutcomeUnknown, null, "timed out after sending"),
                4 or 8 => new HttpRequestException("connection reset after sending"),
                _ => null,
            },
        };

        var outcome = await _engine.RunAsync(
            _engine.Jobs(100), client, new BudgetOptions { MaxCostUsd = 0.40m }, new ThrottleOptions { MaxConcurrency = 32 });

        // 0.40 / 0.04 = 10 jobs may be sent at all, whatever their answer.
        Assert.Equal(10, client.TotalSubmits);
        Assert.Equal(0.40m, _engine.LastBudget!.Snapshot().SpentUsd);
        Assert.Equal(RunStatus.BudgetReached, outcome.Status);
    }

    [Fact]
    public async Task RunAsync_DefiniteRefusal_GivesTheHoldBack()
    {
        var client = new FakeImageProvider
        {
            Fault = (_, _) => Answer.Error(ProviderErrorKind.InvalidRequest, "InvalidParameter", "bad size"),
        };

        await _engine.RunAsync(_engine.Jobs(3), client, new BudgetOptions { MaxCostUsd = 1m });

        Assert.Equal((0m, 0m), (_engine.LastBudget!.Snapshot().SpentUsd, _engine.LastBudget.Snapshot().ReservedUsd));
    }

    [Fact]
    public async Task RunAsync_StoreWritesFailAfter30_EndsExitOneWithReasonInsteadOfHanging()
    {
        var writes = 0;
        var client = new FakeImageProvider { Latency = (_, ct) => Task.Delay(1, ct) };

        var outcome = await _engine.RunAsync(
            _engine.Jobs(200),
            client,
            storeWriteFault: () => Interlocked.Increment(ref writes) > 30 ? new IOException("No space left on device") : null)
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(RunStatus.StoreFailed, outcome.Status);
        Assert.Contains("No space left on device", outcome.FatalError, StringComparison.Ordinal);
        Assert.True(client.TotalSubmits < 200, $"{client.TotalSubmits} submitted after the store failed");
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }
}
