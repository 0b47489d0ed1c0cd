using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Pricing;

/// <summary>The price of one generated image, with where the figure came from and when.</summary>
/// <param name="UsdPerImage">US dollars per successfully generated image (providers bill successes only).</param>
/// <param name="Source">Where the figure comes from; "manifest" for a user override.</param>
/// <param name="AsOf">The date the figure was read (ISO 8601).</param>
public sealed record PriceEntry(ProviderDialect Dialect, SeedreamModel Model, decimal UsdPerImage, string Source, string AsOf)
{
    public decimal CostOf(int images) => UsdPerImage * images;
}
