using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Planning;

public sealed class PlanBuilderTests
{
    private static readonly string SevenRows = "sku\n" + string.Concat(Enumerable.Range(1, 7).Select(i => $"P{i}\n"));

    [Fact]
    public void Build_ThreeModelsOnAceData_ExactDecimalTotalsPerModel()
    {
        var plan = Plan("""
            provider: acedata
            models: [seedream-4.5, seedream-4.0, seedream-3.0-t2i]
            """);

        Assert.Equal(21, plan.Jobs);
        Assert.Equal(21, plan.Images);
        Assert.Equal(
            [("seedream-4.5", 7L, 0.037m, 0.259m), ("seedream-4.0", 7L, 0.030m, 0.21m), ("seedream-3.0-t2i", 7L, 0.038m, 0.266m)],
            plan.Models.Select(m => (m.Model, m.Jobs, m.UsdPerImage, m.EstimatedCostUsd)));
        Assert.Equal(0.735m, plan.EstimatedCostUsd);
        Assert.Equal("doubao-seedream-3-0-t2i-250415", plan.Models[2].ModelId);
    }

    [Fact]
    public void Build_PricingOverride_UsedForCostAndSource()
    {
        var plan = Plan("""
            provider: ark
            models: [seedream-4.5, seedream-4.0]
            pricing: { seedream-4.5: 0.05 }
            images_per_job: 2
            """);

        var overridden = plan.Models.Single(m => m.Model == "seedream-4.5");
        Assert.Equal((0.05m, "manifest", 14L, 0.70m), (overridden.UsdPerImage, overridden.PriceSource, overridden.Images, overridden.EstimatedCostUsd));
        Assert.Equal(0.03m * 14, plan.Models.Single(m => m.Model == "seedream-4.0").EstimatedCostUsd);
        Assert.Equal(1.12m, plan.EstimatedCostUsd);
    }

    [Fact]
    public void Build_CostOverBudget_JobsWithinBudgetAndWarning()
    {
        var plan = Plan("""
            provider: ark
            models: [seedream-4.5]
            budget: { max_cost_usd: 0.10 }
            """);

        Assert.Equal(0.28m, plan.EstimatedCostUsd);
        Assert.Equal(2, plan.JobsWithinBudget); // 0.08 <= 0.10 < 0.12
        var warning = Assert.Single(plan.Diagnostics);
        Assert.False(warning.IsError);
        Assert.Equal("the plan is estimated at $0.28, over budget.max_cost_usd $0.10: the run will stop after about 2 jobs (exit code 3)", warning.Message);
    }

    [Fact]
    public void Build_ImageBudget_CountsImagesNotJobs()
    {
        var plan = Plan("""
            provider: ark
            models: [seedream-4.5]
            images_per_job: 2
            budget: { max_images: 5 }
            """);

        Assert.Equal(14, plan.Images);
        Assert.Equal(2, plan.JobsWithinBudget);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void Build_WithinBudget_AllJobsNoWarning()
    {
        var plan = Plan("""
            provider: ark
            models: [seedream-4.5]
            budget: { max_cost_usd: 0.28 }
            """);

        Assert.Equal(7, plan.JobsWithinBudget);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void Build_NoBudget_JobsWithinBudgetIsNull()
    {
        Assert.Null(Plan("provider: ark\nmodels: [seedream-4.5]").JobsWithinBudget);
    }

    [Fact]
    public void Build_Limit_StopsCountingThere()
    {
        var plan = Plan("provider: ark\nmodels: [seedream-4.5]", limit: 3);

        Assert.Equal(3, plan.Jobs);
        Assert.Equal(0.12m, plan.EstimatedCostUsd);
        Assert.Equal(3, Assert.Single(plan.Models).Jobs);
    }

    [Fact]
    public void Build_PreviewCount_KeepsTheFirstJobsInOrder()
    {
        var plan = Plan("provider: ark\nmodels: [seedream-4.5]\nseeds: [5]", preview: 2);

        Assert.Equal(7, plan.Jobs);
        Assert.Equal([0L, 1L], plan.FirstJobs.Select(j => j.Index));
        Assert.Equal(["P1-seedream-4.5", "P2-seedream-4.5"], plan.FirstJobs.Select(j => j.Output));
        Assert.All(plan.FirstJobs, j => Assert.Equal((5, false, "2048x2048"), (j.Seed!.Value, j.SeedSent, j.Size)));
    }

    [Fact]
    public void Build_RowsAllFilteredOut_WarnsNoJobs()
    {
        var plan = Plan("provider: ark\nmodels: [seedream-4.5]", rows: "{ csv: data.csv, where: { sku: [nothing] } }");

        Assert.Equal(0, plan.Jobs);
        Assert.StartsWith("the manifest makes no jobs", Assert.Single(plan.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CheapestRoute_CostPerProviderInTheOrderAskedAndTheDearestAsEstimate()
    {
        // Seedream 4.5: $0.04 on Ark, $0.037 on Ace Data.
        var plan = Plan("""
            provider: [ark, acedata]
            route: cheapest
            models: [seedream-4.5]
            sizes: [2048x2048]
            """);

        var model = Assert.Single(plan.Models);
        Assert.Equal((0.04m, 0.28m), (model.UsdPerImage, model.EstimatedCostUsd));
        Assert.Equal([("acedata", 0.037m, 0.259m), ("ark", 0.04m, 0.28m)], model.Routes.Select(r => (r.Provider, r.UsdPerImage, r.CostUsd)));
        Assert.Equal(0.28m, plan.EstimatedCostUsd);
        Assert.Equal(["ark", "acedata"], plan.Route!.Providers);
    }

    private static PlanReport Plan(string settings, long? limit = null, int preview = 10, string rows = "{ csv: data.csv }")
    {
        using var dir = new TempDirectory();
        var yaml = $"version: 1\nname: plan\n{settings}\nrows: {rows}\nprompt: \"product {{{{ sku }}}}\"\noutputs: {{ dir: out, name: \"{{{{ sku }}}}-{{{{ model }}}}\" }}\n";
        var pipeline = ManifestFiles.LoadValid(dir, yaml, ("data.csv", SevenRows));
        return PlanBuilder.Build(pipeline, ManifestFiles.Run, preview, limit);
    }
}
