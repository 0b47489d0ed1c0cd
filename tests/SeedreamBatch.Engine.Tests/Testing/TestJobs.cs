using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>Jobs as expansion would hand them to the engine, with readable keys.</summary>
internal static class TestJobs
{
    public static Job Create(
        long ordinal,
        string outputsDirectory = "/tmp/out",
        decimal costUsd = 0.04m,
        int images = 1,
        ProviderDialect dialect = ProviderDialect.Ark,
        string processingKey = "recipe-1")
    {
        var request = new GenerationRequest(
            dialect,
            SeedreamModel.Seedream45,
            "seedream-4-5-251128",
            $"A red shoe number {ordinal}",
            ImageSize.FromPixels(2048, 2048),
            Seed: null,
            References: [],
            ImageCount: images,
            GenerationOptions.Default);
        return new Job(
            Identity: JobKey.FromHex($"key-{ordinal:D6}"),
            ProcessingKey: processingKey,
            Ordinal: ordinal,
            Request: request,
            Output: new OutputPlan(outputsDirectory, $"sku-{ordinal:D6}/studio"),
            EstimatedCostUsd: costUsd,
            Variables: new Dictionary<string, string> { ["sku"] = $"sku-{ordinal:D6}", ["style"] = "studio" },
            RequestedSeed: 1000,
            RepeatIndex: 0);
    }

    public static IEnumerable<Job> Many(int count, string outputsDirectory, decimal costUsd = 0.04m, string processingKey = "recipe-1")
    {
        for (var i = 0; i < count; i++)
        {
            yield return Create(i, outputsDirectory, costUsd, processingKey: processingKey);
        }
    }
}
