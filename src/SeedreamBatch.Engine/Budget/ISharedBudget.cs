namespace SeedreamBatch.Engine.Budget;

/// <summary>
/// A budget several workers draw on (Redis, <c>coordination:</c>): <see cref="BudgetGate"/> asks it before each paid
/// request and tells it what was billed or given back. Keyed by job key, so a restarted worker can find its holds.
/// Calls are synchronous: the reserve stage takes one job at a time, and a hold must exist before the request leaves.
/// </summary>
public interface ISharedBudget
{
    /// <summary>Holds <paramref name="costUsd"/> and <paramref name="images"/> for the job, or says why not (budget reached: every worker stops).</summary>
    bool TryReserve(string jobKey, decimal costUsd, int images, out string? refusal);

    /// <summary>Replaces the job's hold with what the provider billed.</summary>
    void Settle(string jobKey, decimal billedUsd, int billedImages);

    /// <summary>Gives the job's hold back: it is known not to have been charged.</summary>
    void Release(string jobKey);
}
