using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Core.Tests.Providers;

public sealed class ProviderSettingsTests
{
    [Theory]
    [InlineData(ProviderDialect.Ark, "ARK_API_KEY")]
    [InlineData(ProviderDialect.AceData, "ACEDATA_API_KEY")]
    [InlineData(ProviderDialect.Kie, "KIE_API_KEY")]
    public void DefaultsFor_DialectsWithKnownHosts_AreValid(ProviderDialect dialect, string keyEnv)
    {
        var settings = ProviderSettings.DefaultsFor(dialect);

        Assert.Empty(settings.Validate());
        Assert.Equal(keyEnv, settings.ApiKeyEnv);
        Assert.StartsWith("https://", settings.BaseUrl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProviderDialect.OpenAICompatible)]
    [InlineData(ProviderDialect.Sinan)]
    public void Validate_NoBaseUrlWhereNoneIsDocumented_AsksForIt(ProviderDialect dialect)
    {
        Assert.Contains(ProviderSettings.DefaultsFor(dialect).Validate(), p => p.StartsWith("base_url is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://ark.example.com", false, true)]
    [InlineData("http://ark.example.com", true, false)]
    [InlineData("http://127.0.0.1:5000", false, false)]
    [InlineData("http://localhost:5000", false, false)]
    [InlineData("http://[::1]:5000", false, false)]
    [InlineData("https://ark.example.com", false, false)]
    public void Validate_PlainHttp_RefusedOffLoopbackUnlessAllowed(string url, bool allowInsecure, bool refused)
    {
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Ark) with { BaseUrl = url, AllowInsecure = allowInsecure };

        Assert.Equal(refused, settings.Validate().Any(p => p.Contains("plain http", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_ManyProblems_ListsEveryOne()
    {
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Sinan) with
        {
            BaseUrl = "https://s.example.com",
            ApiKeyEnv = "sk-live-123 456",
            Concurrency = 0,
            PollInterval = TimeSpan.FromSeconds(30),
            SinanTaskPath = "/tasks",
            CallbackListen = "http://127.0.0.1:9000/",
        };

        var problems = settings.Validate();

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("api_key_env", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("concurrency", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("max_poll_interval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("{id}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("acedata only", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://ark.cn-beijing.volces.com", null, ArkRegion.China)]
    [InlineData("https://ark.ap-southeast.bytepluses.com", null, ArkRegion.International)]
    [InlineData("https://my-proxy.example.com", ArkRegion.China, ArkRegion.China)]
    public void EffectiveRegion_DerivedFromHostUnlessSet(string url, ArkRegion? region, ArkRegion expected)
    {
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Ark) with { BaseUrl = url, Region = region };

        Assert.Equal(expected, settings.EffectiveRegion);
        Assert.Equal(expected == ArkRegion.China, settings.IsChinaRegion);
    }

    [Fact]
    public void EffectiveKieApi_KieAiHost_SelectsKieAiShape()
    {
        Assert.Equal(KieApi.KieAi, (ProviderSettings.DefaultsFor(ProviderDialect.Kie) with { BaseUrl = "https://api.kie.ai" }).EffectiveKieApi);
        Assert.Equal(KieApi.ApiInOne, ProviderSettings.DefaultsFor(ProviderDialect.Kie).EffectiveKieApi);
    }
}
