using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Pricing;

namespace SeedreamBatch.Core.Planning;

/// <summary>What a model's jobs would cost on one provider of a route (<c>plan</c> shows one line per provider).</summary>
/// <param name="Provider">The provider's name as the manifest lists it.</param>
/// <param name="UsdPerImage">Its price for the model.</param>
/// <param name="CostUsd">The model's images at that price.</param>
/// <param name="PriceSource">Where the price comes from.</param>
/// <param name="PriceAsOf">When it was read (ISO 8601).</param>
public sealed record RouteCost(string Provider, decimal UsdPerImage, decimal CostUsd, string PriceSource, string PriceAsOf)
{
    /// <summary>The route's providers in the order they are asked (<c>cheapest</c>: by price, ties as listed); empty without a route.</summary>
    public static IReadOnlyList<RouteCost> For(PipelineSpec pipeline, PriceTable prices, SeedreamModel model, long images)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(prices);
        if (pipeline.Route is not { } route)
        {
            return [];
        }

        var costs = route.Dialects.Zip(route.Providers)
            .Select(p => prices.Find(p.First, model) is { } price
                ? new RouteCost(p.Second, price.UsdPerImage, price.UsdPerImage * images, price.Source, price.AsOf)
                : null)
            .OfType<RouteCost>();
        return route.Mode == RouteMode.Cheapest ? [.. costs.OrderBy(c => c.UsdPerImage)] : [.. costs];
    }
}
