using System.Globalization;
using SeedreamBatch.Core.Planning;
using Spectre.Console;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>The human form of a plan: totals, cost per model, the first jobs, warnings.</summary>
internal static class PlanTable
{
    public static void Write(IAnsiConsole console, PlanReport plan)
    {
        console.MarkupLine($"[bold]{Markup.Escape(plan.Pipeline)}[/]  ({Markup.Escape(plan.Manifest)})");
        console.MarkupLine(plan.Route is { } route
            ? $"providers [bold]{Markup.Escape(string.Join(", ", route.Providers))}[/] (route {(route.Mode == Core.Models.RouteMode.Cheapest ? "cheapest" : "ordered")}: a job goes to the first healthy one) → {Markup.Escape(plan.OutputDirectory)}"
            : $"provider [bold]{Markup.Escape(plan.Provider)}[/] ({plan.Dialect} dialect) → {Markup.Escape(plan.OutputDirectory)}");
        console.WriteLine();

        var models = new Table().Border(TableBorder.Rounded).Title("[bold]Estimated cost[/]");
        models.AddColumn("model").AddColumn("provider id").AddColumn(new TableColumn("jobs").RightAligned())
            .AddColumn(new TableColumn("images").RightAligned()).AddColumn(new TableColumn("USD/image").RightAligned())
            .AddColumn(new TableColumn("USD").RightAligned());
        foreach (var m in plan.Models)
        {
            models.AddRow(Markup.Escape(m.Model), Markup.Escape(m.ModelId), N(m.Jobs), N(m.Images), Usd(m.UsdPerImage, 3), Usd(m.EstimatedCostUsd, 2));
            foreach (var r in m.Routes)
            {
                // The cost if every job went to this provider; the estimate above (what the budget holds) is the dearest's.
                models.AddRow($"  [dim]on {Markup.Escape(r.Provider)}[/]", "", "", "", Usd(r.UsdPerImage, 3), $"[dim]{Usd(r.CostUsd, 2)}[/]");
            }
        }

        models.AddRow("[bold]total[/]", "", $"[bold]{N(plan.Jobs)}[/]", $"[bold]{N(plan.Images)}[/]", "", $"[bold]{Usd(plan.EstimatedCostUsd, 2)}[/]");
        console.Write(models);
        foreach (var m in plan.Models)
        {
            // Every figure says where it comes from: prices and limits change, and some are secondary sources.
            console.MarkupLine($"[dim]{Markup.Escape(m.Model)}: price {Markup.Escape(m.PriceSource)} ({Markup.Escape(m.PriceAsOf)}); limits {Markup.Escape(m.LimitsSource)} ({Markup.Escape(m.LimitsAsOf)})[/]");
        }

        if (plan.BudgetUsd is not null || plan.BudgetImages is not null)
        {
            var limits = new List<string>();
            if (plan.BudgetUsd is { } usd)
            {
                limits.Add($"${usd.ToString("0.00", CultureInfo.InvariantCulture)}");
            }

            if (plan.BudgetImages is { } images)
            {
                limits.Add($"{N(images)} images");
            }

            console.MarkupLine($"budget: {string.Join(", ", limits)} → {N(plan.JobsWithinBudget ?? 0)} of {N(plan.Jobs)} jobs fit");
        }

        if (plan.FirstJobs.Count > 0)
        {
            // Two lines a job (facts, then the prompt) read better than a table that wraps at 80 columns.
            console.WriteLine();
            console.MarkupLine($"[bold]First {plan.FirstJobs.Count} of {N(plan.Jobs)} jobs[/]");
            var width = Math.Max(40, console.Profile.Width - 6);
            foreach (var j in plan.FirstJobs)
            {
                var seed = j.Seed is null ? "" : j.SeedSent ? $"  seed {j.Seed}" : $"  seed {j.Seed} (not sent: model ignores seeds)";
                var repeat = j.Repeat > 0 ? $"  repeat {j.Repeat}" : "";
                console.MarkupLine($"[bold]{N(j.Index),4}[/]  {j.Key[..12]}  {Markup.Escape(j.Model)}  {Markup.Escape(j.Size)}{seed}{repeat}  → {Markup.Escape(j.Output)}");
                console.MarkupLine($"      [dim]{Markup.Escape(Shorten(j.Prompt, width))}[/]");
                foreach (var reference in j.References)
                {
                    console.MarkupLine($"      [dim]ref {Markup.Escape(Shorten(reference, width - 4))}[/]");
                }
            }
        }

        var warnings = plan.Diagnostics.Where(d => !d.IsError).ToList();
        foreach (var w in warnings)
        {
            console.MarkupLine($"[yellow]{Markup.Escape(w.ToString())}[/]");
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Usd(decimal value, int decimals) =>
        "$" + value.ToString(decimals == 2 ? "#,0.00" : "0.000#", CultureInfo.InvariantCulture);

    private static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)] + "…";
    }
}
