namespace SeedreamBatch.Engine.State;

/// <summary>Cost of the jobs of one provider and model: what was estimated for the submitted ones and what was billed.</summary>
public sealed record CostBreakdown(string Provider, string Model, int Jobs, decimal EstimatedCostUsd, decimal BilledCostUsd, int BilledImages);
