namespace SeedreamBatch.Engine.Budget;

/// <summary>What the budget's limits count.</summary>
public enum BudgetScope
{
    /// <summary>Default: only what this run is billed. A rerun that skips done jobs starts from zero.</summary>
    Run,

    /// <summary>
    /// Everything billed in this outputs folder by any run (from the state store), plus this run: for
    /// scheduled jobs whose budget is a ceiling for the folder, not for one invocation.
    /// </summary>
    OutputsFolder,
}
