using System.Globalization;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Pipeline;

namespace SeedreamBatch.Cli.Run;

/// <summary>The one paragraph <c>run</c> ends with: what happened, what it cost, where the files are.</summary>
internal static class RunSummary
{
    /// <param name="possiblyBilled">Requests of this folder whose outcome is unknown and the most they may have cost.</param>
    /// <param name="simulated">The built-in simulator answered this run: its pictures are placeholders.</param>
    /// <param name="reportsDirectory">Where manifest.csv went, when not the outputs folder (a shard's part).</param>
    public static string Format(RunOutcome o, BudgetSnapshot budget, string outputsDirectory, (int Requests, decimal UpToUsd) possiblyBilled = default, bool simulated = false, string? reportsDirectory = null)
    {
        var c = CultureInfo.InvariantCulture;
        var head = o.Status switch
        {
            RunStatus.Interrupted => "Interrupted",
            RunStatus.BudgetReached => "Budget reached",
            RunStatus.Completed => "Done",
            _ => "Finished with failures",
        };
        var parts = new List<string>
        {
            string.Create(c, $"{o.Done} done, {o.Failed} failed, {o.SkippedDone + o.SkippedFailed} skipped"),
        };
        if (o.PartlyDone > 0)
        {
            parts.Add(MissingImages(o.PartlyDone, o.ImagesMissing));
        }

        if (o.BudgetSkipped > 0)
        {
            parts.Add(string.Create(c, $"{o.BudgetSkipped} held back by the budget"));
        }

        if (o.TakenOver > 0)
        {
            parts.Add(string.Create(c, $"{o.TakenOver} taken from earlier folders of the pipeline (nothing paid)"));
        }

        var left = o.NotStarted + o.Interrupted + o.NotReached;
        if (left > 0)
        {
            parts.Add(string.Create(c, $"{left} left for the next run"));
        }

        var limit = budget.MaxCostUsd is { } max ? string.Create(c, $" of ${max:0.00} budget") : "";
        var skippedFailed = o.SkippedFailed > 0 ? string.Create(c, $" {o.SkippedFailed} failed earlier: --retry-failed tries them again.") : "";
        var partly = o.PartlyDone > 0
            ? " Jobs done in part are never paid again; --retry-failed fetches their failed downloads again while the URLs live (failed images: see status)."
            : "";
        var unknown = possiblyBilled.Requests > 0
            ? string.Create(c, $" {possiblyBilled.Requests} {(possiblyBilled.Requests == 1 ? "request" : "requests")} may have been billed: up to ${possiblyBilled.UpToUsd:0.00} (sent, answer never seen; see status).")
            : "";
        var sim = simulated ? " Simulated: these images are the built-in simulator's placeholders, not for publishing (manifest.csv marks them simulated)." : "";
        return string.Create(c, $"{head}: {string.Join(", ", parts)}; {o.ImagesGenerated} images, billed ${o.BilledCostUsd:0.00}{limit}.{unknown} ")
            + $"Outputs in {outputsDirectory} (manifest: {Path.Combine(reportsDirectory ?? outputsDirectory, "manifest.csv")}).{skippedFailed}{partly}{sim}";
    }

    /// <summary><c>2 jobs miss 3 images</c>: done jobs (in this run or skipped as done) without some of their images.</summary>
    internal static string MissingImages(int partlyDone, int imagesMissing) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{partlyDone} {(partlyDone == 1 ? "job misses" : "jobs miss")} {imagesMissing} {(imagesMissing == 1 ? "image" : "images")}");
}
