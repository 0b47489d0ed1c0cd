namespace SeedreamBatch.Core.Planning;

/// <summary>One model's share of a plan.</summary>
public sealed record ModelPlan(string Model, string ModelId, long Jobs, long Images, decimal UsdPerImage, decimal EstimatedCostUsd, string PriceSource);
