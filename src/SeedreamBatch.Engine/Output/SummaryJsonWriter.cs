using System.Text.Json;
using SeedreamBatch.Core.Json;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary><c>summary.json</c>: counts, images, cost, failures, latency, throughput and budget, from store aggregates.</summary>
internal static class SummaryJsonWriter
{
    public const string FileName = "summary.json";

    public static async Task WriteAsync(Stream stream, OutputHeader header, StateReader reader, BudgetSnapshot budget, CancellationToken cancellationToken)
    {
        var counts = await reader.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
        var costs = await reader.GetCostBreakdownAsync(cancellationToken).ConfigureAwait(false);
        var failures = await reader.GetFailuresByKindAsync(cancellationToken).ConfigureAwait(false);
        var imageFailures = await reader.GetImageFailureCountsAsync(cancellationToken).ConfigureAwait(false);
        var (runImages, runSpanMs) = await reader.GetRunThroughputAsync(header.RunId, cancellationToken).ConfigureAwait(false);
        var (possiblyBilled, possiblyBilledUsd) = await reader.GetPossiblyBilledAsync(cancellationToken).ConfigureAwait(false);
        var (simulatedJobs, answeredJobs) = await reader.CountSimulatedAsync(cancellationToken).ConfigureAwait(false);
        var latencies = await reader.GetGenerationLatencyPercentilesMsAsync([0.50, 0.90, 0.99], cancellationToken).ConfigureAwait(false);

        await using var json = new Utf8JsonWriter(stream, OutputJson.WriterOptions);
        json.WriteStartObject();
        ManifestJsonWriter.WriteHeader(json, header);

        // True when any result in this folder is the simulator's: placeholders, not to be published.
        json.WriteBoolean("simulated", simulatedJobs > 0);
        json.WriteStartObject("simulatedJobs");
        json.WriteNumber("simulated", simulatedJobs);
        json.WriteNumber("real", answeredJobs - simulatedJobs);
        json.WriteEndObject();

        OutputJson.WriteJobCounts(json, counts, imageFailures);

        json.WriteStartObject("images");
        json.WriteNumber("billed", costs.Sum(c => c.BilledImages));
        json.WriteNumber("lifetimeBilled", costs.Sum(c => c.LifetimeBilledImages));
        json.WriteNumber("thisRun", runImages);
        json.WriteNumber("failed", imageFailures.Images);
        json.WriteEndObject();

        json.WriteStartObject("cost");
        json.WriteNumber("estimatedUsd", costs.Sum(c => c.EstimatedCostUsd));
        json.WriteNumber("billedUsd", costs.Sum(c => c.BilledCostUsd));
        json.WriteNumber("lifetimeBilledUsd", costs.Sum(c => c.LifetimeBilledCostUsd));

        // Requests sent whose answer never came (a crash, a timeout): the provider may have billed them.
        // lifetimeBilledUsd + possiblyBilledUpToUsd covers what the provider charged.
        json.WriteNumber("possiblyBilledRequests", possiblyBilled);
        json.WriteNumber("possiblyBilledUpToUsd", possiblyBilledUsd);
        json.WriteStartArray("byProviderModel");
        foreach (var c in costs)
        {
            json.WriteStartObject();
            json.WriteString("provider", c.Provider);
            json.WriteString("model", c.Model);
            json.WriteNumber("jobs", c.Jobs);
            json.WriteNumber("estimatedUsd", c.EstimatedCostUsd);
            json.WriteNumber("billedUsd", c.BilledCostUsd);
            json.WriteNumber("billedImages", c.BilledImages);
            json.WriteNumber("lifetimeBilledUsd", c.LifetimeBilledCostUsd);
            json.WriteNumber("lifetimeBilledImages", c.LifetimeBilledImages);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // The split a failover makes (provider: [a, b]): which provider took how many jobs and billed what. Each job is
        // counted under the provider its last attempt went to.
        json.WriteStartArray("byProvider");
        foreach (var p in costs.GroupBy(c => c.Provider, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("provider", p.Key);
            json.WriteNumber("jobs", p.Sum(c => c.Jobs));
            json.WriteNumber("billedUsd", p.Sum(c => c.BilledCostUsd));
            json.WriteNumber("billedImages", p.Sum(c => c.BilledImages));
            json.WriteNumber("lifetimeBilledUsd", p.Sum(c => c.LifetimeBilledCostUsd));
            json.WriteNumber("lifetimeBilledImages", p.Sum(c => c.LifetimeBilledImages));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();

        OutputJson.WriteCounts(json, "failuresByKind", failures);
        OutputJson.WriteCounts(json, "imageFailuresByKind", imageFailures.ByKind);

        json.WriteStartObject("generationLatencyMs");
        string[] names = ["p50", "p90", "p99"];
        for (var i = 0; i < names.Length; i++)
        {
            json.WriteNumberOrNull(names[i], latencies[i]);
        }

        json.WriteEndObject();

        json.WriteStartObject("throughput");
        json.WriteNumber("images", runImages);
        json.WriteNumber("seconds", runSpanMs / 1000.0);
        json.WriteNumber("imagesPerMinute", runSpanMs > 0 ? Math.Round(runImages * 60_000.0 / runSpanMs, 2) : 0);
        json.WriteEndObject();

        json.WriteStartObject("budget");
        json.WriteNumberOrNull("maxCostUsd", budget.MaxCostUsd);
        json.WriteNumber("spentUsd", budget.SpentUsd);
        json.WriteNumberOrNull("leftUsd", budget.LeftUsd);
        json.WriteNumberOrNull("maxImages", budget.MaxImages);
        json.WriteNumber("spentImages", budget.SpentImages);
        json.WriteNumberOrNull("imagesLeft", budget.MaxImages is { } max ? Math.Max(0, max - budget.SpentImages) : null);
        json.WriteBoolean("reached", budget.IsExhausted);
        json.WriteEndObject();

        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
