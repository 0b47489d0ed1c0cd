using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Planning;

/// <summary>What one pass of <see cref="PlanBuilder"/> over the jobs counted.</summary>
internal sealed record PlanPass(
    List<Diagnostic> Diagnostics,
    long Unlisted,
    Dictionary<SeedreamModel, (string Id, long Jobs, long Images, decimal Cost)> PerModel,
    List<JobPreview> Preview,
    long Jobs,
    long Images,
    decimal Cost,
    long? WithinBudget);
