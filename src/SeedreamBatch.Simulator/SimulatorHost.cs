using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeedreamBatch.Simulator.Dialects;
using SeedreamBatch.Simulator.Dialects.AceData;
using SeedreamBatch.Simulator.Dialects.Ark;
using SeedreamBatch.Simulator.Dialects.Kie;
using SeedreamBatch.Simulator.Dialects.OpenAICompatible;
using SeedreamBatch.Simulator.Dialects.Sinan;
using SeedreamBatch.Simulator.Files;
using SeedreamBatch.Simulator.Hosting;
using SeedreamBatch.Simulator.Images;
using SeedreamBatch.Simulator.Ledger;

namespace SeedreamBatch.Simulator;

/// <summary>
/// A running simulator: every dialect on one Kestrel listener. Start it in-process with <see cref="StartAsync(SimulatorOptions, CancellationToken)"/>
/// (tests, the engine's embedded default) or from <c>seedream-batch sim</c>.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimContext _sim;

    private SimulatorHost(WebApplication app, SimContext sim, Uri baseUri)
    {
        _app = app;
        _sim = sim;
        BaseUri = baseUri;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234/</c>. Every dialect's paths hang off this root.</summary>
    public Uri BaseUri { get; }

    /// <summary>A key the simulator accepts (the first configured one; <see cref="SimulatorOptions.DefaultApiKey"/> by default).</summary>
    public string ApiKey => _sim.Options.ApiKeys.Count > 0 ? _sim.Options.ApiKeys[0] : SimulatorOptions.DefaultApiKey;

    public SimulatorOptions Options => _sim.Options;

    /// <summary>Every charge so far (also <c>GET /_sim/ledger</c>).</summary>
    public SimLedger Ledger => _sim.Ledger;

    /// <summary>Request counts by outcome (also <c>GET /_sim/stats</c>).</summary>
    public SimStats Stats => _sim.Stats;

    /// <summary>Live fault settings: change them between requests.</summary>
    public FaultSettings Faults => _sim.Faults;

    /// <summary>Bodies delivered to <c>/_sim/callbacks</c>.</summary>
    public CallbackInbox Callbacks => _sim.Inbox;

    /// <summary>The absolute URL of <paramref name="path"/> on this simulator.</summary>
    public Uri Url(string path) => new(BaseUri, path);

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid simulator options: " + string.Join("; ", errors), nameof(options));
        }

        var sim = new SimContext(options, DefaultRenderer(options.ImageStyle));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(Address(options.Host), options.Port);
        });
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        var pipeline = new SimRequestPipeline(sim);
        new ArkEndpoints(sim, pipeline).Map(app);
        new AceDataEndpoints(sim, pipeline).Map(app);
        new OpenAIEndpoints(sim, pipeline).Map(app);
        new SinanEndpoints(sim, pipeline).Map(app);
        new KieEndpoints(sim, pipeline).Map(app);
        new KieAiEndpoints(sim, pipeline).Map(app);
        new Dialects.Fal.FalEndpoints(sim, pipeline).Map(app);
        new Dialects.Replicate.ReplicateEndpoints(sim, pipeline).Map(app);
        new FileEndpoints(sim).Map(app);
        new ControlEndpoints(sim).Map(app);
        await app.StartAsync(cancellationToken);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // A wildcard bind is reachable on loopback; clients cannot dial 0.0.0.0 everywhere.
        var dialable = bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal);
        var uri = new UriBuilder(dialable) { Path = "/" }.Uri;
        return new SimulatorHost(app, sim, uri);
    }

    private static ISimImageRenderer DefaultRenderer(SimImageStyle style) =>
        style == SimImageStyle.Flat ? new FlatImageRenderer() : new PhotoImageRenderer();

    private static IPAddress Address(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" => IPAddress.Any,
        _ => IPAddress.TryParse(host, out var ip) ? ip : throw new ArgumentException($"host '{host}' is not an IP address (or localhost, *)", nameof(host)),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _sim.Dispose();
    }
}
