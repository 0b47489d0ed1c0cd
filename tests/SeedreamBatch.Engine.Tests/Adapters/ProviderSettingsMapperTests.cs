using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Engine.Tests.Adapters;

public sealed class ProviderSettingsMapperTests
{
    private static readonly SourceLocation At = new("pipe.yaml", 4, 3);

    [Fact]
    public void Map_NoSection_ReturnsDialectDefaults()
    {
        var (settings, problems) = ProviderSettingsMapper.Map(ProviderDialect.Ark, null, "pipe.yaml");

        Assert.Empty(problems);
        Assert.Equal(ProviderSettings.ArkDefaultBaseUrl, settings!.BaseUrl);
        Assert.Equal(8, settings.Concurrency);
        Assert.Equal(ArkRegion.International, settings.Region);
    }

    [Fact]
    public void Map_SectionValues_OverrideDefaults()
    {
        var section = new ProviderSection
        {
            Name = "ark", Location = At, BaseUrl = "http://127.0.0.1:8787", ApiKeyEnv = "MY_KEY", Concurrency = 32,
            ImagesPerMinute = 100, RequestsPerMinute = 50, TimeoutSeconds = 30, PollIntervalSeconds = 40,
        };

        var (settings, problems) = ProviderSettingsMapper.Map(ProviderDialect.Ark, section, "pipe.yaml");

        Assert.Empty(problems);
        Assert.Equal("http://127.0.0.1:8787", settings!.BaseUrl);
        Assert.Equal("MY_KEY", settings.ApiKeyEnv);
        Assert.Equal(32, settings.Concurrency);
        Assert.Equal(100, settings.ImagesPerMinute);
        Assert.Equal(50, settings.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(40), settings.MaxPollInterval);
    }

    [Fact]
    public void Map_ChinaHost_PinsRegionSoAnotherBaseUrlKeepsChinaIds()
    {
        var section = new ProviderSection { Name = "ark", Location = At, BaseUrl = ProviderSettings.ArkChinaBaseUrl };

        var (settings, _) = ProviderSettingsMapper.Map(ProviderDialect.Ark, section, "pipe.yaml");
        var onSimulator = settings! with { BaseUrl = "http://127.0.0.1:1234" };

        Assert.True(onSimulator.IsChinaRegion);
    }

    [Fact]
    public void Map_InvalidValues_ReportsEveryProblemAtTheSection()
    {
        var section = new ProviderSection { Name = "ark", Location = At, BaseUrl = "http://ark.example.com", Concurrency = 0, TimeoutSeconds = -1 };

        var (settings, problems) = ProviderSettingsMapper.Map(ProviderDialect.Ark, section, "pipe.yaml");

        Assert.Null(settings);
        Assert.Equal(3, problems.Count);
        Assert.All(problems, p => Assert.Equal(At, p.Location));
        Assert.Contains(problems, p => p.Message.Contains("concurrency", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("plain http", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Message.Contains("timeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Map_OpenAiWithoutBaseUrl_IsAnError()
    {
        var (settings, problems) = ProviderSettingsMapper.Map(ProviderDialect.OpenAICompatible, null, "pipe.yaml");

        Assert.Null(settings);
        Assert.Contains("base_url is required", Assert.Single(problems).Message, StringComparison.Ordinal);
    }
}
