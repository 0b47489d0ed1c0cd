namespace SeedreamBatch.Engine.State;

/// <summary>
/// Cost of the jobs of one provider and model: what was estimated for the submitted ones, what their current
/// attempts were billed, and what every attempt was billed (the real spend).
/// </summary>
public sealed record CostBreakdown(
    string Provider, string Model, int Jobs, decimal EstimatedCostUsd, decimal BilledCostUsd, int BilledImages,
    decimal LifetimeBilledCostUsd, int LifetimeBilledImages);
