using SeedreamBatch.Engine.Budget;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Holds the estimated cost of every job that may be charged (new submissions and resumed tasks) before
/// anything is sent, and stops admitting jobs once the run is stopped or the budget is reached. Runs one
/// item at a time so the cut-off point follows manifest order.
/// </summary>
internal sealed class ReserveBudgetStage(BudgetGate budget, CancellationToken stop, Action onBudgetReached)
{
    public Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (item.Action is not (WorkAction.Generate or WorkAction.ResumeTask))
        {
            return Task.FromResult(item);
        }

        if (stop.IsCancellationRequested && item.Action == WorkAction.Generate)
        {
            item.Finish(WorkOutcome.NotStarted);
            return Task.FromResult(item);
        }

        var job = item.Job;
        if (budget.TryReserve(job.Key, job.EstimatedCostUsd, job.Request.ImageCount, out var reservation, out _))
        {
            item.Reservation = reservation;
        }
        else
        {
            item.Finish(WorkOutcome.BudgetSkipped);
            onBudgetReached();
        }

        return Task.FromResult(item);
    }
}
