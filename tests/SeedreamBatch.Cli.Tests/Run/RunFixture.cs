using System.Globalization;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Simulator;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>
/// A temp folder with a manifest pointed at an in-process simulator over loopback (real HTTP, SQLite, files,
/// libvips), and the runner as the CLI composes it. The key comes through a fake environment.
/// </summary>
internal sealed class RunFixture : IAsyncDisposable
{
    public const string KeyVariable = "SEEDREAM_TEST_KEY";

    private RunFixture(SimulatorHost simulator, string root)
    {
        Simulator = simulator;
        Root = root;
    }

    public SimulatorHost Simulator { get; }

    public string Root { get; }

    public string ManifestPath => Path.Combine(Root, "pipeline.yaml");

    public string OutputsDirectory => Path.Combine(Root, "out");

    public StringWriter Output { get; } = new();

    public StringWriter Error { get; } = new();

    public static async Task<RunFixture> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { Port = 0, RandomSeed = 7, ImageStyle = SeedreamBatch.Simulator.Images.SimImageStyle.Flat };
        configure?.Invoke(options);
        var simulator = await SimulatorHost.StartAsync(options, CancellationToken.None);
        var root = Path.Combine(Path.GetTempPath(), "seedream-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        return new RunFixture(simulator, root);
    }

    /// <summary>Writes a manifest of <paramref name="rows"/> × 1 job each, 512×512 seedream-3.0-t2i, one webp variant.</summary>
    public void WriteManifest(int rows, int concurrency = 8, decimal? maxCostUsd = null, int retryAttempts = 3)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = string.Join("\n", Enumerable.Range(0, rows).Select(i => $"    - {{ item: \"item {i}\" }}"));
        var budget = maxCostUsd is { } max ? string.Create(c, $"budget: {{ max_cost_usd: {max} }}\n") : "";
        File.WriteAllText(ManifestPath, string.Create(c, $"""
            version: 1
            name: cli-test
            provider: ark
            providers:
              ark: {"{"} base_url: "{Simulator.BaseUri.AbsoluteUri.TrimEnd('/')}", api_key_env: {KeyVariable}, concurrency: {concurrency} {"}"}
            rows:
              inline:
            {lines}
            prompt:
              inline: "a studio photo of {"{{"} item {"}}"}"
            models: [seedream-3.0-t2i]
            sizes: [512x512]
            outputs:
              dir: out
              name: "{"{{"} item | slug {"}}"}"
              variants:
                original: {"{"} format: keep {"}"}
                web: {"{"} width: 256, format: webp, quality: 70 {"}"}
            {budget}retry: {"{"} attempts: {retryAttempts} {"}"}

            """));
    }

    public Task<RunResult> RunAsync(RunRequest? request = null, CancellationToken stop = default, CancellationToken abort = default) =>
        new PipelineRunner(TimeProvider.System, Output, Error).RunAsync(
            (request ?? new RunRequest { ManifestPath = ManifestPath }) with
            {
                Environment = name => name == KeyVariable ? Simulator.ApiKey : null,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            },
            null,
            stop,
            abort);

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the OS: the temp folder is cleaned up by the system eventually.
        }
    }
}
