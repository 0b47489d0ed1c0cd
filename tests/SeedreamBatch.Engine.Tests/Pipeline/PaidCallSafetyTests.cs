using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Engine.Throttling;

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
        var client = new FakeGenerationClient
        {
            UsesTasks = true,
            PollFault = (_, poll) => poll == 1 ? new GenerationException(GenerationErrorKind.Transient, "InternalServiceError", "poll hiccup") : null,
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
        var client = new FakeGenerationClient
        {
            UsesTasks = true,
            PollFault = (_, _) => new GenerationException(GenerationErrorKind.Transient, "InternalServiceError", "poll hiccup"),
        };

        var outcome = await _engine.RunAsync(_engine.Jobs(1), client, retryAttempts: 3);

        Assert.Equal((1, 3), (client.TotalSubmits, client.TotalPolls));
        Assert.Equal(1, outcome.Failed);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }
}
