using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>Builds a <see cref="RunEngine"/> over an outputs folder the way the CLI will; each run opens and closes the store like a process would.</summary>
internal sealed class EngineHarness(string outputsDirectory) : IDisposable
{
    private readonly HttpClient _http = new();
    private int _runs;

    public string OutputsDirectory { get; } = outputsDirectory;

    public string DatabasePath => StateStore.PathFor(OutputsDirectory);

    public FakePostProcessor PostProcessor { get; } = new();

    /// <summary>Used instead of <see cref="PostProcessor"/> when set (the real libvips adapter, say).</summary>
    public IImagePostProcessor? OtherPostProcessor { get; set; }

    public List<RunProgress> ProgressReports { get; } = [];

    public BudgetGate? LastBudget { get; private set; }

    public IEnumerable<Job> Jobs(int count, decimal costUsd = 0.04m, string processingKey = "recipe-1") =>
        TestJobs.Many(count, OutputsDirectory, costUsd, processingKey);

    public async Task<RunOutcome> RunAsync(
        IEnumerable<Job> jobs,
        FakeImageProvider client,
        BudgetOptions? budget = null,
        ThrottleOptions? throttle = null,
        int retryAttempts = 3,
        bool retryFailed = false,
        bool retryUnknown = false,
        bool force = false,
        bool verify = false,
        CancellationToken stop = default,
        CancellationToken abort = default,
        Func<Exception?>? storeWriteFault = null,
        TimeProvider? retryClock = null,
        TimeSpan? retryMaxDelay = null,
        long? expectedJobs = null,
        Engine.Routing.ProviderRoutes? routes = null,
        TimeSpan? retryBaseDelay = null,
        RetryJitter? retryJitter = null)
    {
        using var store = StateStore.Open(DatabasePath, TimeProvider.System);
        store.WriteFault = storeWriteFault;
        using var throttles = new ProviderThrottles(
            new Dictionary<ProviderDialect, ThrottleOptions>(),
            throttle ?? new ThrottleOptions { MaxConcurrency = 8, DefaultRateLimitPause = TimeSpan.Zero },
            TimeProvider.System);
        LastBudget = new BudgetGate(budget ?? new BudgetOptions());
        var services = new RunServices
        {
            Store = store,
            Provider = client,
            Routes = routes,
            PostProcessor = OtherPostProcessor ?? PostProcessor,
            Downloader = new ImageDownloader(_http, new DownloadOptions { RetryBaseDelay = TimeSpan.Zero }, TimeProvider.System),
            Budget = LastBudget,
            Throttles = throttles,
            Reports = new RunReportWriter(OutputsDirectory, store, "0.1.0-test", TimeProvider.System),
            Progress = new SynchronousProgress(ProgressReports),
            Time = retryClock ?? TimeProvider.System,
        };
        var options = new RunOptions
        {
            RunId = $"run-{++_runs}",
            ManifestPath = "pipelines/test.yaml",
            ManifestSha256 = "abc",
            RetryAttempts = retryAttempts,
            RetryBaseDelay = retryBaseDelay ?? TimeSpan.Zero,
            RetryMaxDelay = retryMaxDelay ?? retryBaseDelay ?? TimeSpan.Zero,
            Jitter = retryJitter ?? RetryJitter.Shared,
            RetryFailed = retryFailed,
            RetryUnknown = retryUnknown,
            Force = force,
            Verify = verify,
            PostProcessParallelism = 2,
            StageBuffer = 4,
            ExpectedJobCount = expectedJobs,
            ProviderName = "ark",
            ApiKeyEnv = "ARK_API_KEY",
        };
        return await new RunEngine(services, options).RunAsync(jobs, stop, abort);
    }

    public StateReader OpenReader() => StateReader.Open(DatabasePath);

    public void Dispose() => _http.Dispose();

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests want every report, in order.</summary>
    private sealed class SynchronousProgress(List<RunProgress> reports) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
