using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Providers.Tests;

public sealed class ProviderFactoryTests
{
    [Fact]
    public void Create_InsecureSettings_ThrowsWithoutTheKey()
    {
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Ark) with { BaseUrl = "http://ark.example.com" };

        var ex = Assert.Throws<ArgumentException>(() => ProviderFactory.Create(ProviderDialect.Ark, settings, "sk-secret-value-1", TimeProvider.System));

        Assert.Contains("plain http", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-value-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadApiKey_Unset_NamesTheVariableOnly()
    {
        var settings = ProviderSettings.DefaultsFor(ProviderDialect.Ark);

        var ex = Assert.Throws<InvalidOperationException>(() => ProviderFactory.ReadApiKey(settings, _ => null));

        Assert.Contains("ARK_API_KEY", ex.Message, StringComparison.Ordinal);
        Assert.Equal("k-123", ProviderFactory.ReadApiKey(settings, name => name == "ARK_API_KEY" ? " k-123 " : null));
    }
}
