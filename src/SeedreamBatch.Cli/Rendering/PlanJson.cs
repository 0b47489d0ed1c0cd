using System.Text.Json;
using System.Text.Json.Serialization;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Planning;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>
/// <c>plan --format json</c>: a stable, documented shape (docs/plan-json.md). Fields are only ever
/// added; a breaking change bumps <c>schemaVersion</c>.
/// </summary>
internal static class PlanJson
{
    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(PlanReport plan, DateTimeOffset generatedAt) => JsonSerializer.Serialize(new
    {
        schemaVersion = SchemaVersion,
        toolVersion = ToolInfo.Version,
        generatedAt,
        pipeline = plan.Pipeline,
        manifest = plan.Manifest,
        provider = plan.Provider,
        dialect = plan.Dialect,
        route = plan.Route is { } route ? new { providers = route.Providers, mode = route.Mode == Core.Models.RouteMode.Cheapest ? "cheapest" : "ordered" } : null,
        outputDirectory = plan.OutputDirectory,
        jobs = plan.Jobs,
        images = plan.Images,
        estimatedCostUsd = plan.EstimatedCostUsd,
        budget = new { maxCostUsd = plan.BudgetUsd, maxImages = plan.BudgetImages, jobsWithinBudget = plan.JobsWithinBudget },
        models = plan.Models,
        firstJobs = plan.FirstJobs,
        diagnostics = plan.Diagnostics.Select(Describe),
    }, Options);

    private static object Describe(Diagnostic d) => new
    {
        severity = d.IsError ? "error" : "warning",
        file = d.Location.File,
        line = d.Location.Line,
        column = d.Location.Column,
        message = d.Message,
    };
}
