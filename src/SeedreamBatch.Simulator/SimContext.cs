using SeedreamBatch.Simulator.Faults;
using SeedreamBatch.Simulator.Files;
using SeedreamBatch.Simulator.Generation;
using SeedreamBatch.Simulator.Images;
using SeedreamBatch.Simulator.Ledger;

namespace SeedreamBatch.Simulator;

/// <summary>The shared state of one simulator instance, handed to every dialect.</summary>
internal sealed class SimContext : IDisposable
{
    public SimContext(SimulatorOptions options, ISimImageRenderer renderer)
    {
        Options = options;
        Time = options.TimeProvider;
        Faults = options.Faults;
        Random = new SimRandom(options.RandomSeed);
        Limiter = new KeyRateLimiter(Time);
        Files = new FileStore(Time, options.UrlTtl);
        Ledger = new SimLedger(options.HistoryLimit);
        Stats = new SimStats(options.HistoryLimit);
        Images = new ImageCache(renderer, options.ImageCacheBytes);
        Prices = new PriceTable(options.PriceOverrides);
        Generator = new ImageGenerator(this);
        Tasks = new TaskStore(this);
        Callbacks = new CallbackSender(Stats);
    }

    public SimulatorOptions Options { get; }

    public TimeProvider Time { get; }

    public FaultSettings Faults { get; }

    public SimLedger Ledger { get; }

    public SimStats Stats { get; }

    public CallbackInbox Inbox { get; } = new();

    public SimRandom Random { get; }

    public KeyRateLimiter Limiter { get; }

    public FileStore Files { get; }

    public ImageCache Images { get; }

    public PriceTable Prices { get; }

    public ImageGenerator Generator { get; }

    public TaskStore Tasks { get; }

    public CallbackSender Callbacks { get; }

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>
    /// Ends work that outlives its request (generation a client hung up on) when the simulator stops. Generation
    /// never waits on the client's connection: upstream bills an accepted request whoever is still listening.
    /// </summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Simulated waiting on the injected clock; zero costs nothing.</summary>
    public Task DelayAsync(TimeSpan delay, CancellationToken ct) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Time, ct);

    public bool AcceptsKey(string key) => Options.ApiKeys.Count == 0 ? key.Length > 0 : Options.ApiKeys.Contains(key);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        Callbacks.Dispose();
    }
}
