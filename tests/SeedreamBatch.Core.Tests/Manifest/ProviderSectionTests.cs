using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

/// <summary><c>providers.&lt;name&gt;</c> parsed once into the <see cref="ProviderSettings"/> run uses.</summary>
public sealed class ProviderSectionTests
{
    private const string Head = """
        version: 1
        name: p
        prompt: a cat
        models: [seedream-4.5]
        outputs: { dir: out, name: "{{ job.index }}" }

        """;

    [Fact]
    public void Load_NoSection_DialectDefaultsPinned()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Head + "provider: ark\n");

        var settings = pipeline.ProviderSettingsFor(ProviderDialect.Ark);

        Assert.Equal(ProviderSettings.ArkDefaultBaseUrl, settings.BaseUrl);
        Assert.Equal(8, settings.Concurrency);
        Assert.Equal(ArkRegion.International, settings.Region);
    }

    [Fact]
    public void Load_SectionValues_OverrideDefaults()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Head + """
            provider: ark
            providers:
              ark: { base_url: "http://127.0.0.1:8787", api_key_env: MY_KEY, concurrency: 32, images_per_minute: 100, requests_per_minute: 50, timeout_seconds: 30, poll_interval_seconds: 40 }
            """);

        var settings = pipeline.ProviderSettingsFor(ProviderDialect.Ark);

        Assert.Equal("http://127.0.0.1:8787", settings.BaseUrl);
        Assert.Equal("MY_KEY", settings.ApiKeyEnv);
        Assert.Equal(32, settings.Concurrency);
        Assert.Equal(100, settings.ImagesPerMinute);
        Assert.Equal(50, settings.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.MaxPollInterval);
    }

    [Fact]
    public void Load_ChinaHost_PinsRegionSoAnotherBaseUrlKeepsChinaIds()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Head + $"provider: ark\nproviders:\n  ark: {{ base_url: \"{ProviderSettings.ArkChinaBaseUrl}\" }}\n");

        var onSimulator = pipeline.ProviderSettingsFor(ProviderDialect.Ark) with { BaseUrl = "http://127.0.0.1:1234" };

        Assert.True(onSimulator.IsChinaRegion);
    }

    [Fact]
    public void ProviderProblemsFor_OpenAiWithoutBaseUrl_LocatedAtTheSection()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Head + "provider: ark\nproviders:\n  openai: { concurrency: 2 }\n");

        var problem = Assert.Single(pipeline.ProviderProblemsFor(ProviderDialect.OpenAICompatible));

        Assert.Contains("providers.openai: base_url is required", problem.Message, StringComparison.Ordinal);
        Assert.Equal(pipeline.Providers["openai"].Location, problem.Location);
    }
}
