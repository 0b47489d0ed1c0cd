using System.Globalization;
using Microsoft.Playwright;
using SeedreamBatch.Cli.Review;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Simulator;

namespace SeedreamBatch.Cli.Tests.Review;

/// <summary>
/// One real run (12 jobs: 6 SKUs × 2 styles, simulator over loopback, real files) reviewed in real headless Chromium:
/// Debian's <c>chromium</c> driven by Microsoft.Playwright (no browser download; scripts/install-deps installs it).
/// </summary>
public sealed class ReviewFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private SimulatorHost? _simulator;
    private IPlaywright? _playwright;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "seedream-review-" + Guid.NewGuid().ToString("N")[..8]);

    public string ManifestPath => Path.Combine(Root, "pipeline.yaml");

    public string Outputs => Path.Combine(Root, "out");

    public IBrowser Browser { get; private set; } = null!;

    public SimulatorHost Simulator => _simulator!;

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });

    public async Task InitializeAsync()
    {
        _simulator = await SimulatorHost.StartAsync(new SimulatorOptions { Port = 0, RandomSeed = 11 }, CancellationToken.None);
        Directory.CreateDirectory(Root);
        var skus = string.Join("\n", Enumerable.Range(1, 6).Select(i => string.Create(CultureInfo.InvariantCulture, $"    - {{ sku: SKU-{i:000}, product: \"product {i}\" }}")));
        await File.WriteAllTextAsync(ManifestPath, $$$"""
            version: 1
            name: review-test
            provider: ark
            providers:
              ark: { base_url: "{{{_simulator.BaseUri.AbsoluteUri.TrimEnd('/')}}}", api_key_env: REVIEW_TEST_KEY, concurrency: 8 }
            rows:
              inline:
            {{{skus}}}
            matrix:
              style: [studio, lifestyle]
            prompt:
              inline: "a {{ style }} photo of {{ product }}"
            models: [seedream-3.0-t2i]
            sizes: [512x512]
            outputs:
              dir: out
              name: "{{ sku }}/{{ style }}"
              variants:
                original: { format: keep }
                thumb: { width: 160, format: webp, quality: 70 }

            """);
        var result = await new PipelineRunner(TimeProvider.System, TextWriter.Null, TextWriter.Null).RunAsync(
            new RunRequest { ManifestPath = ManifestPath, Environment = name => name == "REVIEW_TEST_KEY" ? _simulator.ApiKey : null },
            null, CancellationToken.None, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the fixture's run failed with exit code {result.ExitCode}");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    internal Task<ReviewServer> StartServerAsync(string? host = null, string? token = null) =>
        ReviewServer.StartAsync(new ReviewServerOptions { OutputsDirectory = Outputs, Port = 0, Host = host, Token = token }, TimeProvider.System, CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up by the system eventually.
        }
    }
}
