using Polly.CircuitBreaker;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Engine.Routing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Routing;

public sealed class ProviderRouterTests
{
    private static readonly BreakerSettings Breaker = new()
    {
        FailureRatio = 0.5,
        MinimumThroughput = 3,
        SamplingDuration = TimeSpan.FromSeconds(30),
        BreakDuration = TimeSpan.FromSeconds(60),
    };

    private readonly FakeClock _time = new();
    private readonly List<string> _calls = [];

    [Fact]
    public async Task ExecuteAsync_Ordered_SendsToTheFirstListedProvider()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));

        var result = await router.ExecuteAsync(Answer(_ => "image"), CancellationToken.None);

        Assert.Equal("ark", result.Provider);
        Assert.Equal(["ark"], _calls);
    }

    [Fact]
    public void Ranking_Cheapest_OrdersByPriceAndKeepsListedOrderOnTies()
    {
        var router = Router(RouteMode.Cheapest, ("ark", 0.035m), ("replicate", 0.03m), ("fal", 0.03m), ("kie", 0.0175m));

        Assert.Equal(["kie", "replicate", "fal", "ark"], router.Ranking);
    }

    [Fact]
    public async Task ExecuteAsync_Cheapest_SendsToTheCheapestProvider()
    {
        var router = Router(RouteMode.Cheapest, ("ark", 0.035m), ("fal", 0.03m));

        var result = await router.ExecuteAsync(Answer(_ => "image"), CancellationToken.None);

        Assert.Equal("fal", result.Provider);
        Assert.Equal(["fal"], _calls);
    }

    [Fact]
    public async Task ExecuteAsync_FirstRefusesWith503_TheSameJobGoesToTheNext()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));

        var result = await router.ExecuteAsync(Answer(p => p == "ark" ? throw Refusal(ProviderErrorKind.ServerError, "503") : "image"), CancellationToken.None);

        Assert.Equal("fal", result.Provider);
        Assert.Equal(["ark", "fal"], _calls);
    }

    [Theory]
    [InlineData(ProviderErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.RateLimited)]
    [InlineData(ProviderErrorKind.ContentPolicy)]
    [InlineData(ProviderErrorKind.InvalidRequest)]
    public async Task ExecuteAsync_ErrorThatMayBePaidOrWouldRepeat_StaysWithTheProvider(ProviderErrorKind kind)
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));

        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            router.ExecuteAsync(Answer(p => p == "ark" ? throw Refusal(kind, "x") : "image"), CancellationToken.None));

        Assert.Equal(kind, e.Error.Kind);
        Assert.Equal(["ark"], _calls);
    }

    [Fact]
    public async Task ExecuteAsync_ConsecutiveFailuresOpenTheCircuit_LaterJobsSkipTheProviderWithoutSending()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));
        var arkDown = Answer(p => p == "ark" ? throw Refusal(ProviderErrorKind.ServerError, "503") : "image");
        for (var i = 0; i < Breaker.MinimumThroughput; i++)
        {
            Assert.Equal("fal", (await router.ExecuteAsync(arkDown, CancellationToken.None)).Provider);
        }

        Assert.Equal(CircuitState.Open, router.CircuitOf("ark"));
        _calls.Clear();

        var result = await router.ExecuteAsync(arkDown, CancellationToken.None);

        Assert.Equal("fal", result.Provider);
        Assert.Equal(["fal"], _calls);
    }

    [Fact]
    public async Task ExecuteAsync_TimeoutsCountAsDown_ButTheJobItselfStays()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));
        var arkHangs = Answer(p => p == "ark" ? throw Refusal(ProviderErrorKind.OutcomeUnknown, "timeout") : "image");
        for (var i = 0; i < Breaker.MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => router.ExecuteAsync(arkHangs, CancellationToken.None));
        }

        Assert.Equal(Enumerable.Repeat("ark", Breaker.MinimumThroughput), _calls);
        Assert.Equal(CircuitState.Open, router.CircuitOf("ark"));

        var next = await router.ExecuteAsync(arkHangs, CancellationToken.None);
        Assert.Equal("fal", next.Provider);
    }

    [Fact]
    public async Task ExecuteAsync_AfterTheBreak_OneTrialGoesBackAndItsSuccessClosesTheCircuit()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));
        var arkUp = false;
        var answer = Answer(p => p == "ark" && !arkUp ? throw Refusal(ProviderErrorKind.ServerError, "503") : "image");
        await OpenArkAsync(router, answer);

        _time.Advance(Breaker.BreakDuration - TimeSpan.FromSeconds(1));
        Assert.Equal("fal", (await router.ExecuteAsync(answer, CancellationToken.None)).Provider);

        _time.Advance(TimeSpan.FromSeconds(1));
        arkUp = true;
        _calls.Clear();
        var trial = await router.ExecuteAsync(answer, CancellationToken.None);

        Assert.Equal("ark", trial.Provider);
        Assert.Equal(["ark"], _calls);
        Assert.Equal(CircuitState.Closed, router.CircuitOf("ark"));
    }

    [Fact]
    public async Task ExecuteAsync_HalfOpenTrialFails_ReopensAndTheJobGoesToTheNext()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));
        var answer = Answer(p => p == "ark" ? throw Refusal(ProviderErrorKind.ServerError, "503") : "image");
        await OpenArkAsync(router, answer);
        _time.Advance(Breaker.BreakDuration);
        _calls.Clear();

        var trial = await router.ExecuteAsync(answer, CancellationToken.None);

        Assert.Equal("fal", trial.Provider);
        Assert.Equal(["ark", "fal"], _calls);
        Assert.Equal(CircuitState.Open, router.CircuitOf("ark"));
    }

    [Fact]
    public async Task ExecuteAsync_AccountWideRefusal_TakesTheProviderOutForTheRun()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));
        var answer = Answer(p => p == "ark" ? throw Refusal(ProviderErrorKind.Authentication, "QuotaExceeded") : "image");

        Assert.Equal("fal", (await router.ExecuteAsync(answer, CancellationToken.None)).Provider);
        _time.Advance(TimeSpan.FromHours(1));
        _calls.Clear();
        Assert.Equal("fal", (await router.ExecuteAsync(answer, CancellationToken.None)).Provider);

        Assert.Equal(["fal"], _calls);
        Assert.Contains("QuotaExceeded", router.OutOfServiceReason("ark"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_EveryProviderOutOfService_FailsAsAnAccountError()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));

        var e = await Assert.ThrowsAsync<ProviderException>(() =>
            router.ExecuteAsync(Answer<string>(_ => throw Refusal(ProviderErrorKind.Authentication, "AccountOverdue")), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Authentication, e.Error.Kind);
        Assert.False(e.IsRetryable);
        Assert.Contains("ark: AccountOverdue", e.Message, StringComparison.Ordinal);
        Assert.Contains("fal: AccountOverdue", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_EveryProviderDown_FailsRetryablyWithoutSending()
    {
        var router = Router(RouteMode.Ordered, ("ark", 0.035m), ("fal", 0.03m));
        var allDown = Answer<string>(_ => throw Refusal(ProviderErrorKind.ServerError, "503"));
        for (var i = 0; i < Breaker.MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<ProviderException>(() => router.ExecuteAsync(allDown, CancellationToken.None));
        }

        _calls.Clear();
        var e = await Assert.ThrowsAsync<ProviderException>(() => router.ExecuteAsync(allDown, CancellationToken.None));

        Assert.True(e.IsRetryable);
        Assert.Empty(_calls);
        Assert.Contains("circuit open", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ProviderListedTwice_Refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Router(RouteMode.Ordered, ("ark", 0.035m), ("ark", 0.03m)));

        Assert.Contains("'ark' is listed twice", e.Message, StringComparison.Ordinal);
    }

    private async Task OpenArkAsync(ProviderRouter router, Func<string, CancellationToken, ValueTask<string>> answer)
    {
        for (var i = 0; i < Breaker.MinimumThroughput; i++)
        {
            await router.ExecuteAsync(answer, CancellationToken.None);
        }

        Assert.Equal(CircuitState.Open, router.CircuitOf("ark"));
    }

    private ProviderRouter Router(RouteMode mode, params (string Provider, decimal Price)[] candidates) =>
        new([.. candidates.Select(c => new RouteCandidate(c.Provider, c.Price))], mode, _time, Breaker);

    private Func<string, CancellationToken, ValueTask<string>> Answer(Func<string, string> answer) => Answer<string>(answer);

    private Func<string, CancellationToken, ValueTask<T>> Answer<T>(Func<string, T> answer) => (provider, _) =>
    {
        _calls.Add(provider);
        return ValueTask.FromResult(answer(provider));
    };

    private static ProviderException Refusal(ProviderErrorKind kind, string code) => Testing.Answer.Error(kind, code, $"refused ({code})");
}
