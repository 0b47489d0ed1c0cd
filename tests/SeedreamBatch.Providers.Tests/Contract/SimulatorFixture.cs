using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Tests.Testing;
using SeedreamBatch.Simulator;

namespace SeedreamBatch.Providers.Tests.Contract;

/// <summary>One in-process simulator per test, on a manual clock shared with the adapter, with a long key to hunt for.</summary>
internal sealed class SimulatorFixture : IAsyncDisposable
{
    public const string Key = "sk-sim-contract-7f3a9c21e5";

    private SimulatorFixture(SimulatorHost host, FakeClock time)
    {
        Host = host;
        Time = time;
    }

    public SimulatorHost Host { get; }

    public FakeClock Time { get; }

    public RecordingLog Log { get; } = new();

    public static async Task<SimulatorFixture> StartAsync()
    {
        var time = new FakeClock(TestRequests.ClockStart);
        var options = new SimulatorOptions { TimeProvider = time, RandomSeed = 7, ImageStyle = SeedreamBatch.Simulator.Images.SimImageStyle.Flat };
        options.ApiKeys.Clear();
        options.ApiKeys.Add(Key);
        return new SimulatorFixture(await SimulatorHost.StartAsync(options, CancellationToken.None), time);
    }

    /// <summary>Settings a manifest would give: only the base URL differs from the dialect's defaults (plain http is fine on loopback).</summary>
    public ProviderSettings Settings(ProviderDialect dialect) =>
        ProviderSettings.DefaultsFor(dialect) with { BaseUrl = Host.BaseUri.ToString(), MaxRetryDelay = TimeSpan.FromMinutes(2) };

    public IImageProvider Create(ProviderDialect dialect, ProviderSettings? settings = null, string key = Key) =>
        ProviderFactory.Create(dialect, settings ?? Settings(dialect), key, Time, Log);

    /// <summary>A request each dialect can express, built the way expansion builds it.</summary>
    public static GenerationRequest Request(ProviderDialect dialect, string prompt = "a red sneaker on white", int count = 1, GenerationOptions? options = null) =>
        dialect == ProviderDialect.Kie
            ? TestRequests.For(dialect, SeedreamModel.Seedream45, size: "1:1", prompt: prompt, options: options)
            : TestRequests.For(dialect, ModelOf(dialect), size: "2048x2048", count: count, prompt: prompt, options: options);

    /// <summary>Seedream 4.5 wherever it is offered; Replicate offers 4.0 only.</summary>
    public static SeedreamModel ModelOf(ProviderDialect dialect) => dialect == ProviderDialect.Replicate ? SeedreamModel.Seedream40 : SeedreamModel.Seedream45;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
