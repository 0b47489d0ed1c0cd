using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Planning;

/// <summary>
/// Streams through every job once to count, price and check them. Memory stays flat: only per-model
/// totals and the first few jobs are kept.
/// </summary>
public static class PlanBuilder
{
    /// <summary>Past this many problems the rest are counted, not listed: one cause usually repeats.</summary>
    public const int MaxListedProblems = 50;

    /// <param name="spool">Receives every job the plan counts, in order (<c>run</c> reads them back instead of expanding again).</param>
    /// <param name="select">
    /// Only these jobs are counted, spooled and limited (<c>run --only</c>, <c>redo</c>): the limit's first N are the
    /// first N the run takes. Every job is still expanded and checked.
    /// </param>
    public static PlanReport Build(
        PipelineSpec pipeline, RunContext run, int previewJobs = 10, long? limit = null, IReadOnlyList<Diagnostic>? loadDiagnostics = null,
        JobSpool? spool = null, Func<Job, bool>? select = null)
    {
        var expander = new JobExpander(pipeline, run);
        var prices = expander.Prices;

        // Duplicates in bounded memory: the first pass leaves two 64-bit fingerprints per job in a screen (spilled to
        // disk past a million) and skips nothing. No fingerprint seen twice (the usual case) proves there is no
        // duplicate, and that pass is the plan. Otherwise the plan is made again, comparing the suspects' keys and names
        // exactly, so a duplicate is reported only when it is one (and at the row it was before). Under --limit the
        // second pass compares every job: its first N jobs may reach past the N the screen saw. The first pass fills the
        // spool: the screen drops no job, so when the second pass finds no duplicate (or the run stops at its errors)
        // the jobs are those of the second pass.
        DuplicateSuspects suspects;
        PlanPass pass;
        using (var screen = new DuplicateScreen())
        {
            pass = Pass(pipeline, expander, DuplicateCheck.Screen(screen), previewJobs, limit, loadDiagnostics, spool, select);
            suspects = screen.Finish();
        }

        if (!suspects.IsEmpty)
        {
            pass = Pass(pipeline, expander, limit is null ? DuplicateCheck.Among(suspects) : DuplicateCheck.All(), previewJobs, limit, loadDiagnostics, null, select);
        }

        var (diagnostics, unlisted, perModel, preview, jobs, images, cost, withinBudget) = pass;
        var manifestFile = ManifestLoader.DisplayPath(pipeline.ManifestPath);
        if (unlisted > 0)
        {
            diagnostics.Add(Diagnostic.Error(SourceLocation.OfFile(manifestFile), $"... and {unlisted:N0} more problems like the ones above"));
        }

        foreach (var variable in expander.SanitisedVariables.Order(StringComparer.Ordinal))
        {
            diagnostics.Add(Diagnostic.Warning(pipeline.Outputs.Name.Variables.FirstOrDefault(v => v.Path == variable)?.Location ?? SourceLocation.OfFile(manifestFile),
                $"some values of '{variable}' hold characters not allowed in file names ('/', '\\', ':', ...); they are replaced by '_' in output names"));
        }

        if (jobs == 0 && select is null && !diagnostics.Any(d => d.IsError))
        {
            diagnostics.Add(Diagnostic.Warning(SourceLocation.OfFile(manifestFile), "the manifest makes no jobs (no rows match, or the matrix excludes every combination)"));
        }

        if (pipeline.Budget.MaxCostUsd is { } budget && cost > budget)
        {
            diagnostics.Add(Diagnostic.Warning(SourceLocation.OfFile(manifestFile),
                $"the plan is estimated at ${cost:0.00##}, over budget.max_cost_usd ${budget:0.00##}: the run will stop after about {withinBudget:N0} jobs (exit code 3)"));
        }

        return new PlanReport
        {
            Pipeline = pipeline.Name,
            Manifest = manifestFile,
            Provider = pipeline.ProviderName,
            Dialect = pipeline.Dialect.ToName(),
            Route = pipeline.Route,
            OutputDirectory = expander.OutputDirectory,
            Jobs = jobs,
            Images = images,
            EstimatedCostUsd = cost,
            BudgetUsd = pipeline.Budget.MaxCostUsd,
            BudgetImages = pipeline.Budget.MaxImages,
            JobsWithinBudget = withinBudget,
            Models = [.. perModel.OrderBy(p => p.Key).Select(p =>
            {
                // On a route the dearest provider's price: the one the estimate and the budget use.
                var price = prices.Dearest(pipeline.Dialects, p.Key)!;
                var caps = CapabilityTable.Find(pipeline.Dialect, p.Key);
                return new ModelPlan(p.Key.ToName(), p.Value.Id, p.Value.Jobs, p.Value.Images, price.UsdPerImage, p.Value.Cost, price.Source)
                {
                    PriceAsOf = price.AsOf,
                    LimitsSource = caps?.Source ?? "",
                    LimitsAsOf = caps?.AsOf ?? "",
                    Routes = RouteCost.For(pipeline, prices, p.Key, p.Value.Images),
                };
            })],
            FirstJobs = preview,
            Diagnostics = diagnostics,
        };
    }

    private static PlanPass Pass(
        PipelineSpec pipeline, JobExpander expander, DuplicateCheck duplicates, int previewJobs, long? limit, IReadOnlyList<Diagnostic>? loadDiagnostics,
        JobSpool? spool, Func<Job, bool>? select)
    {
        var diagnostics = new List<Diagnostic>(loadDiagnostics ?? []);
        long unlisted = 0;
        void Report(Diagnostic d)
        {
            if (diagnostics.Count < MaxListedProblems + (loadDiagnostics?.Count ?? 0))
            {
                diagnostics.Add(d);
            }
            else
            {
                unlisted++;
            }
        }

        var perModel = new Dictionary<SeedreamModel, (string Id, long Jobs, long Images, decimal Cost)>();
        var preview = new List<JobPreview>();
        long jobs = 0, images = 0;
        decimal cost = 0;
        long? withinBudget = pipeline.Budget.MaxCostUsd is null && pipeline.Budget.MaxImages is null ? null : 0;

        foreach (var job in expander.Expand(Report, duplicates))
        {
            if (select is not null && !select(job))
            {
                continue;
            }

            if (limit is { } l && jobs >= l)
            {
                break;
            }

            spool?.Add(job);

            var n = job.Request.ImageCount;
            jobs++;
            images += n;
            cost += job.EstimatedCostUsd;
            var m = perModel.GetValueOrDefault(job.Request.Model, (job.Request.ProviderModelId, 0, 0, 0m));
            perModel[job.Request.Model] = (m.Id, m.Jobs + 1, m.Images + n, m.Cost + job.EstimatedCostUsd);
            if (withinBudget is not null && (pipeline.Budget.MaxCostUsd is not { } maxCost || cost <= maxCost)
                && (pipeline.Budget.MaxImages is not { } maxImages || images <= maxImages) && withinBudget == jobs - 1)
            {
                withinBudget = jobs;
            }

            if (preview.Count < previewJobs)
            {
                preview.Add(new JobPreview(
                    job.Ordinal, job.Key, job.Request.Model.ToName(), job.Request.Size.ToString(), job.RequestedSeed,
                    job.SeedHonoured, job.RepeatIndex, job.Request.Prompt,
                    [.. job.Request.References.Select(r => r.IsLocalFile ? ManifestLoader.DisplayPath(r.Source) : r.Source)],
                    job.Output.RelativeBaseName, job.EstimatedCostUsd));
            }
        }

        return new PlanPass(diagnostics, unlisted, perModel, preview, jobs, images, cost, withinBudget);
    }
}
