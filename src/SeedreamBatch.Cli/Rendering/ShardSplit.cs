using System.Globalization;
using System.Text.Json.Nodes;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Cli.Rendering;

/// <summary><c>plan --shards N</c>: jobs, images and estimated cost per shard, from the same expansion <c>run --shard</c> filters.</summary>
internal static class ShardSplit
{
    public sealed record Share(ShardSpec Shard, long Jobs, long Images, decimal EstimatedCostUsd);

    public static IReadOnlyList<Share> Count(IEnumerable<Job> expanded, int count)
    {
        var jobs = new long[count];
        var images = new long[count];
        var cost = new decimal[count];
        foreach (var job in expanded)
        {
            var i = ShardSpec.Of(job.Key, count);
            jobs[i]++;
            images[i] += job.Request.ImageCount;
            cost[i] += job.EstimatedCostUsd;
        }

        return [.. Enumerable.Range(0, count).Select(i => new Share(new ShardSpec(i, count), jobs[i], images[i], cost[i]))];
    }

    public static void Write(TextWriter output, IReadOnlyList<Share> split)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Split over {split.Count} shard(s) (run --shard I/{split.Count}; by job key):"));
        output.WriteLine("  shard          jobs     images   est. cost");
        foreach (var s in split)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.Shard,-10} {s.Jobs,8} {s.Images,10}   ${s.EstimatedCostUsd:0.00}"));
        }
    }

    public static string AddToJson(string planJson, IReadOnlyList<Share> split)
    {
        var node = JsonNode.Parse(planJson)!.AsObject();
        var array = new JsonArray();
        foreach (var s in split)
        {
            array.Add(new JsonObject
            {
                ["shard"] = s.Shard.ToString(),
                ["name"] = s.Shard.Name,
                ["jobs"] = s.Jobs,
                ["images"] = s.Images,
                ["estimatedCostUsd"] = s.EstimatedCostUsd,
            });
        }

        node["shards"] = array;
        return node.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
