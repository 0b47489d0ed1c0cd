using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.Http;

namespace SeedreamBatch.Providers;

/// <summary>What every adapter is built from (the factory assembles it once per provider).</summary>
internal sealed class ProviderContext(ProviderSettings settings, ProviderHttp http, TimeProvider time, PriceTable prices)
{
    public ProviderSettings Settings { get; } = settings;

    public ProviderHttp Http { get; } = http;

    public TimeProvider Time { get; } = time;

    public PriceTable Prices { get; } = prices;
}
