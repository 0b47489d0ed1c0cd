using SeedreamBatch.Core.Models;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.Routing;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Routing;

/// <summary>
/// Issue 14, part 3: a run over a route of two providers (ark, fal), each a scripted client, through the real engine,
/// state store and files. Which provider took a job is read back from the store, as the manifests and summary show it.
/// </summary>
public sealed class RoutedRunTests : IDisposable
{
    private static readonly ThrottleOptions OneAtATime = new() { MaxConcurrency = 1, DefaultRateLimitPause = TimeSpan.Zero };

    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public RoutedRunTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_CheapestRoute_EveryJobOnTheCheaperProviderBilledAtItsPrice()
    {
        var ark = new FakeImageProvider();
        var fal = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(6, costUsd: 0.04m), ark, routes: Route(ark, fal, RouteMode.Cheapest, arkPrice: 0.04m, falPrice: 0.03m));

        Assert.Equal((6, 0, 6), (outcome.Done, ark.TotalSubmits, fal.TotalSubmits));
        var cost = Assert.Single(await CostsAsync());
        Assert.Equal(("fal", 6, 0.18m), (cost.Provider, cost.Jobs, cost.BilledCostUsd));
    }

    [Fact]
    public async Task RunAsync_OrderedRouteFirstProviderDown_CircuitOpensAndEveryJobFinishesOnTheSecond()
    {
        // Every ark request is a 503 (definitely unbilled): each job moves on to fal; after 5 failures in the window the
        // circuit opens and ark is not asked at all.
        var ark = new FakeImageProvider { Fault = (_, _) => Answer.Error(ProviderErrorKind.ServerError, "503", "service unavailable") };
        var fal = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(12), ark, throttle: OneAtATime, routes: Route(ark, fal));

        Assert.Equal((12, RunStatus.Completed), (outcome.Done, outcome.Status));
        Assert.Equal((5, 12), (ark.TotalSubmits, fal.TotalSubmits));
        Assert.Equal("fal", Assert.Single(await CostsAsync()).Provider);
        Assert.Contains(_engine.ProgressReports.SelectMany(p => p.LastErrors), l => l.StartsWith("provider ark looks down for seedream-4.5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UnknownOutcomeOnFirstProvider_NeverSentToTheOtherUnlessRetryUnknownThenBackToTheFirst()
    {
        var unknown = new FakeImageProvider { Fault = (p, _) => p.EndsWith(" 0", StringComparison.Ordinal) ? Answer.Error(ProviderErrorKind.OutcomeUnknown, "timeout", "no answer") : null };
        var fal = new FakeImageProvider();

        var first = await _engine.RunAsync(_engine.Jobs(3), unknown, routes: Route(unknown, fal));
        var again = await _engine.RunAsync(_engine.Jobs(3), unknown, routes: Route(unknown, fal));

        Assert.Equal((2, 1), (first.Done, first.Failed));
        Assert.Equal(1, again.SkippedFailed);
        Assert.Equal(0, fal.SubmitsFor("A red shoe number 0"));

        // --retry-unknown: back to ark, even on a route that would rank fal first.
        var ark = new FakeImageProvider();
        var retried = await _engine.RunAsync(_engine.Jobs(3), ark, retryUnknown: true, routes: Route(ark, fal, RouteMode.Cheapest, arkPrice: 0.04m, falPrice: 0.03m));

        Assert.Equal(1, retried.Done);
        Assert.Equal((1, 0), (ark.SubmitsFor("A red shoe number 0"), fal.SubmitsFor("A red shoe number 0")));
        Assert.Equal("ark", (await JobAsync(0)).Provider);
    }

    [Fact]
    public async Task RunAsync_RecordedTask_ResumedAtTheProviderThatTookItNeverSubmittedAgain()
    {
        // ark takes the task; its poll cannot get through (outcome unknown), so the task id stays recorded with ark.
        var lost = new FakeImageProvider { UsesTasks = true, PollFault = (_, _) => Answer.Error(ProviderErrorKind.OutcomeUnknown, "poll", "no answer") };
        var fal = new FakeImageProvider();
        await _engine.RunAsync(_engine.Jobs(1), lost, routes: Route(lost, fal));
        var taskId = (await JobAsync(0)).TaskId!;

        var ark = new FakeImageProvider { UsesTasks = true };
        ark.KnowTask(taskId, "A red shoe number 0");
        var resumed = await _engine.RunAsync(_engine.Jobs(1), ark, retryFailed: true, routes: Route(ark, fal, RouteMode.Cheapest, arkPrice: 0.04m, falPrice: 0.03m));

        Assert.Equal(1, resumed.Done);
        Assert.Equal((0, 1, 0), (ark.TotalSubmits, ark.TotalPolls, fal.TotalSubmits + fal.TotalPolls));
    }

    [Fact]
    public async Task RunAsync_AccountErrorOnFirstProvider_TakenOutAndEveryJobFinishesOnTheSecond()
    {
        var ark = new FakeImageProvider { Fault = (_, _) => Answer.Error(ProviderErrorKind.AccountProblem, "QuotaExceeded", "quota exceeded") };
        var fal = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(8), ark, throttle: OneAtATime, routes: Route(ark, fal));

        Assert.Equal((8, RunStatus.Completed, null), (outcome.Done, outcome.Status, outcome.FatalError));
        Assert.Equal((1, 8), (ark.TotalSubmits, fal.TotalSubmits));
        Assert.Contains(_engine.ProgressReports.SelectMany(p => p.LastErrors), l => l.StartsWith("provider ark is out of the route for this run: QuotaExceeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AccountErrorOnEveryProvider_RunStopsWithEachProvidersCause()
    {
        var ark = new FakeImageProvider { Fault = (_, _) => Answer.Error(ProviderErrorKind.AccountProblem, "QuotaExceeded", "quota exceeded") };
        var fal = new FakeImageProvider { Fault = (_, _) => Answer.Error(ProviderErrorKind.Authentication, "401", "bad key") };

        var outcome = await _engine.RunAsync(_engine.Jobs(8), ark, throttle: OneAtATime, routes: Route(ark, fal), expectedJobs: 8);

        Assert.Equal((1, 1), (ark.TotalSubmits, fal.TotalSubmits));
        Assert.Equal((1, 7, RunStatus.StoppedOnError), (outcome.Failed, outcome.NotStarted + outcome.NotReached, outcome.Status));
        Assert.StartsWith("every provider of the route (ark, fal) refused the account or key", outcome.FatalError, StringComparison.Ordinal);
        Assert.Contains("ark: QuotaExceeded", outcome.FatalError, StringComparison.Ordinal);
        Assert.Contains("fal: 401", outcome.FatalError, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }

    private static ProviderRoutes Route(
        FakeImageProvider ark, FakeImageProvider fal, RouteMode mode = RouteMode.Ordered, decimal arkPrice = 0.04m, decimal falPrice = 0.04m) =>
        new(
            [new RouteProvider("ark", ProviderDialect.Ark, ark), new RouteProvider("fal", ProviderDialect.Fal, fal)],
            mode,
            (job, dialect) => dialect == job.Request.Dialect ? job.Request : job.Request with { Dialect = dialect, ProviderModelId = "fal-ai/bytedance/seedream/v4.5" },
            (dialect, _) => dialect == ProviderDialect.Fal ? falPrice : arkPrice,
            TimeProvider.System);

    private async Task<IReadOnlyList<CostBreakdown>> CostsAsync()
    {
        using var reader = _engine.OpenReader();
        return await reader.GetCostBreakdownAsync(CancellationToken.None);
    }

    private async Task<JobRecord> JobAsync(int ordinal)
    {
        using var reader = _engine.OpenReader();
        return (await reader.GetJobAsync($"key-{ordinal:D6}", CancellationToken.None))!;
    }
}
