namespace SeedreamBatch.Engine.Budget;

/// <summary>The manifest's <c>budget:</c> section (and <c>--max-cost</c>).</summary>
public sealed class BudgetOptions
{
    /// <summary>US dollars never to exceed; null (default) for no cost limit.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>Generated images never to exceed; null (default) for no image limit.</summary>
    public int? MaxImages { get; init; }

    /// <summary>All problems, one per line; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxCostUsd is < 0)
        {
            problems.Add($"budget.max_cost_usd must be 0 or more (got {MaxCostUsd})");
        }

        if (MaxImages is < 0)
        {
            problems.Add($"budget.max_images must be 0 or more (got {MaxImages})");
        }

        return problems;
    }
}
