namespace SeedreamBatch.Core.Manifest;

/// <summary>Spending limits for one run; null means no limit. Never exceeded, even with requests in flight.</summary>
public sealed record BudgetSpec(decimal? MaxCostUsd, long? MaxImages)
{
    public static BudgetSpec Unlimited { get; } = new(null, null);
}
