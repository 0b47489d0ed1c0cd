namespace SeedreamBatch.Engine.Budget;

/// <summary>The budget at one moment: billed so far, held by jobs in flight, and the limits.</summary>
/// <param name="SpentUsd">Billed (settled) in this run.</param>
/// <param name="ReservedUsd">Held by jobs in flight.</param>
/// <param name="IsExhausted">True once a reservation was refused: no new submissions from then on.</param>
public sealed record BudgetSnapshot(
    decimal SpentUsd,
    decimal ReservedUsd,
    int SpentImages,
    int ReservedImages,
    decimal? MaxCostUsd,
    int? MaxImages,
    bool IsExhausted)
{
    /// <summary>What is left of the cost limit after spending and holds; null without a limit.</summary>
    public decimal? LeftUsd => MaxCostUsd is { } max ? Math.Max(0, max - SpentUsd - ReservedUsd) : null;
}
