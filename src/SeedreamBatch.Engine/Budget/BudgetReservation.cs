namespace SeedreamBatch.Engine.Budget;

/// <summary>Money and images held for one job between reserve and settle/release. Settling or releasing twice is a no-op.</summary>
public sealed class BudgetReservation
{
    internal BudgetReservation(decimal costUsd, int images, string? jobKey = null)
    {
        CostUsd = costUsd;
        Images = images;
        JobKey = jobKey;
    }

    /// <summary>The job held for, when the gate shares its budget (<see cref="ISharedBudget"/>).</summary>
    public string? JobKey { get; }

    public decimal CostUsd { get; }

    public int Images { get; }

    /// <summary>Set under the gate's lock once the reservation is settled or released.</summary>
    internal bool Closed { get; set; }
}
