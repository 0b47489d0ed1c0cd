using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Where a shard worker keeps its records in the shared outputs folder — the one place that decides it, so it can join
/// the store-location helper in one step. Images are written where an unsharded run writes them (shards own disjoint
/// jobs, so disjoint files); what is per worker:
/// <list type="bullet">
/// <item>its state store and run lock, <c>&lt;outputs&gt;/.seedream/shard-I-of-N/</c> (SQLite must never be shared
/// between machines, least of all over a network file system);</item>
/// <item>its manifest part, <c>&lt;outputs&gt;/shards/shard-I-of-N/manifest.csv|json, summary.json</c>, which
/// <c>merge</c> combines into the folder's own.</item>
/// </list>
/// A null shard is the unsharded layout.
/// </summary>
public static class ShardLocations
{
    /// <summary>The folder of manifest parts under an outputs folder.</summary>
    public const string PartsFolder = "shards";

    /// <summary>The folder holding a worker's store and lock.</summary>
    public static string RecordsDirectory(string outputsDirectory, ShardSpec? shard) =>
        shard is { } s ? Path.Combine(outputsDirectory, ".seedream", s.Name) : Path.Combine(outputsDirectory, ".seedream");

    public static string StatePath(string outputsDirectory, ShardSpec? shard) =>
        shard is null ? StateStore.PathFor(outputsDirectory) : Path.Combine(RecordsDirectory(outputsDirectory, shard), "state.db");

    /// <summary>The folder manifest.csv/json and summary.json are written to.</summary>
    public static string ReportsDirectory(string outputsDirectory, ShardSpec? shard) =>
        shard is { } s ? Path.Combine(outputsDirectory, PartsFolder, s.Name) : outputsDirectory;

    /// <summary>Every shard store already in the folder (any N), by name: <c>shard-I-of-N</c>.</summary>
    public static IReadOnlyList<string> ExistingShardStores(string outputsDirectory)
    {
        var records = Path.Combine(outputsDirectory, ".seedream");
        return Directory.Exists(records)
            ? [.. Directory.EnumerateDirectories(records, "shard-*-of-*").Where(d => File.Exists(Path.Combine(d, "state.db"))).Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
            : [];
    }
}
