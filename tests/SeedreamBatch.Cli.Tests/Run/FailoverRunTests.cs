using System.Globalization;
using System.Text.Json;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Simulator;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>
/// Issue 14's failover, done-when: two providers of one model, each its own simulator (its own ledger) over loopback,
/// the runner as the CLI composes it (one client and throttle per provider), real SQLite and files.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class FailoverRunTests : IAsyncLifetime
{
    private const string ArkKey = "SEEDREAM_TEST_ARK_KEY";
    private const string FalKey = "SEEDREAM_TEST_FAL_KEY";

    private readonly TempDirectory _dir = new();
    private SimulatorHost _ark = null!;
    private SimulatorHost _fal = null!;

    private string ManifestPath => Path.Combine(_dir.Path, "pipeline.yaml");

    private string Outputs => Path.Combine(_dir.Path, "out");

    public async Task InitializeAsync()
    {
        _ark = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, RandomSeed = 7, ImageStyle = Simulator.Images.SimImageStyle.Flat }, CancellationToken.None);
        _fal = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, RandomSeed = 8, ImageStyle = Simulator.Images.SimImageStyle.Flat }, CancellationToken.None);
    }

    [Fact]
    public async Task RunAsync_FirstProvider503AfterTenJobs_EveryOtherJobFinishesOnTheSecondPaidOnceAndSummarySplits()
    {
        _ark.Faults.UnavailableAfterCharges = 10;
        WriteManifest(rows: 25);

        var result = await RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(25, result.Outcome!.Done);

        // Both ledgers: 10 jobs billed by ark, the other 15 by fal, no job in both, none twice.
        var arkJobs = _ark.Ledger.Charges.Select(c => c.Job!).ToList();
        var falJobs = _fal.Ledger.Charges.Select(c => c.Job!).ToList();
        Assert.Equal((10, 15), (arkJobs.Count, falJobs.Count));
        Assert.Equal(25, arkJobs.Concat(falJobs).Distinct(StringComparer.Ordinal).Count());

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Outputs, "summary.json")));
        var split = summary.RootElement.GetProperty("cost").GetProperty("byProvider").EnumerateArray()
            .ToDictionary(p => p.GetProperty("provider").GetString()!, p => (p.GetProperty("jobs").GetInt32(), p.GetProperty("billedImages").GetInt32(), p.GetProperty("billedUsd").GetDecimal()));
        Assert.Equal((10, 10, _ark.Ledger.TotalUsd), split["ark"]);
        Assert.Equal((15, 15, _fal.Ledger.TotalUsd), split["fal"]);

        // manifest.csv names the provider that made each image.
        var csv = ManifestCsv.Read(Path.Combine(Outputs, "manifest.csv"));
        var providers = csv.Rows.Where(r => csv.Get(r, "variant") == "original").GroupBy(r => csv.Get(r, "provider")).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["ark"] = 10, ["fal"] = 15 }, providers);

        // A second run pays nothing on either provider: a done job is done whichever provider made it.
        var again = await RunAsync();
        Assert.Equal((25, 25), (again.Outcome!.SkippedDone, _ark.Ledger.Charges.Count + _fal.Ledger.Charges.Count));
    }

    [Fact]
    public async Task RunAsync_OneKeyOfTheRouteMissing_RefusedNamingItNothingSent()
    {
        WriteManifest(rows: 2);

        var result = await new PipelineRunner(TimeProvider.System, new StringWriter(), _error).RunAsync(
            new RunRequest { ManifestPath = ManifestPath, Environment = name => name == ArkKey ? _ark.ApiKey : null },
            null,
            CancellationToken.None,
            CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains($"error: {FalKey} is not set: every provider of the route (ark, fal) needs its key", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_ark.Ledger.Charges);
    }

    private readonly StringWriter _error = new();

    public async Task DisposeAsync()
    {
        await _ark.DisposeAsync();
        await _fal.DisposeAsync();
        _dir.Dispose();
    }

    private Task<RunResult> RunAsync() =>
        new PipelineRunner(TimeProvider.System, new StringWriter(), _error).RunAsync(
            new RunRequest
            {
                ManifestPath = ManifestPath,
                Environment = name => name switch { ArkKey => _ark.ApiKey, FalKey => _fal.ApiKey, _ => null },
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            },
            null,
            CancellationToken.None,
            CancellationToken.None);

    /// <summary><paramref name="rows"/> jobs of seedream-4.0 at 2048x2048 (a size both providers take), ark first, one at a time each.</summary>
    private void WriteManifest(int rows)
    {
        var lines = string.Join("\n", Enumerable.Range(0, rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"    - {{ item: \"item {i}\" }}")));
        File.WriteAllText(ManifestPath, $$"""
            version: 1
            name: failover-test
            provider: [ark, fal]
            route: ordered
            providers:
              ark: { base_url: "{{_ark.BaseUri.AbsoluteUri.TrimEnd('/')}}", api_key_env: {{ArkKey}}, concurrency: 1 }
              fal: { base_url: "{{_fal.BaseUri.AbsoluteUri.TrimEnd('/')}}", api_key_env: {{FalKey}}, concurrency: 1 }
            rows:
              inline:
            {{lines}}
            prompt:
              inline: "a studio photo of {{"{{"}} item {{"}}"}}"
            models: [seedream-4.0]
            sizes: [2048x2048]
            outputs:
              dir: out
              name: "{{"{{"}} item | slug {{"}}"}}"
              variants:
                original: { format: keep }

            """);
    }
}
