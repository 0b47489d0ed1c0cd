namespace SeedreamBatch.Core.Planning;

/// <summary>One model's share of a plan.</summary>
public sealed record ModelPlan(string Model, string ModelId, long Jobs, long Images, decimal UsdPerImage, decimal EstimatedCostUsd, string PriceSource)
{
    /// <summary>The date the price was read (ISO 8601).</summary>
    public string PriceAsOf { get; init; } = "";

    /// <summary>Where the model's size, reference and count limits come from.</summary>
    public string LimitsSource { get; init; } = "";

    /// <summary>The date the limits were read (ISO 8601).</summary>
    public string LimitsAsOf { get; init; } = "";

    /// <summary>
    /// With <c>provider: [a, b]</c>, the cost on each provider of the route in the order they are asked; the estimate
    /// above is the dearest's (what the budget holds). Empty for a single provider.
    /// </summary>
    public IReadOnlyList<RouteCost> Routes { get; init; } = [];
}
