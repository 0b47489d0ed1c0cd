using System.Text;
using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Where a pipeline's records live — the one place that decides it (run, plan, status, export, review and merge open
/// stores through here). Two levels:
/// <list type="bullet">
/// <item>the folder's state store, <c>&lt;outputs&gt;/.seedream/state.db</c>: every job this folder made, its files, bills and
/// failures (manifest.csv/json and summary.json are written from it);</item>
/// <item>the pipeline ledger, <c>&lt;manifest folder&gt;/.seedream/&lt;pipeline&gt;.db</c>: for each job key the outputs folder whose
/// store holds it, so a run in another folder (a new <c>run.date</c>) finds what was paid before.</item>
/// </list>
/// A shard worker (<c>run --shard I/N</c>) has its own of each, so the N workers of one folder never share a SQLite file
/// or a lock (SQLite must never be shared between machines, least of all over a network file system):
/// <list type="bullet">
/// <item>its state store and folder lock, <c>&lt;outputs&gt;/.seedream/shard-I-of-N/</c>;</item>
/// <item>its ledger and pipeline lock, <c>&lt;manifest folder&gt;/.seedream/&lt;pipeline&gt;.shard-I-of-N.db|.lock</c>: a job
/// key belongs to the same shard for the same N, so shard I finds what shard I paid in earlier folders;</item>
/// <item>its manifest part, <c>&lt;outputs&gt;/shards/shard-I-of-N/manifest.csv|json, summary.json</c>, which
/// <c>merge</c> combines into the folder's own.</item>
/// </list>
/// Images are written where an unsharded run writes them (shards own disjoint jobs, so disjoint files). A null shard is
/// the unsharded layout.
/// </summary>
public static class StoreLocations
{
    /// <summary>The folder of manifest parts under an outputs folder.</summary>
    public const string PartsFolder = "shards";

    /// <summary>The folder holding a folder's store, lock and logs.</summary>
    public static string RecordsDirectory(string outputsDirectory) => Path.Combine(outputsDirectory, ".seedream");

    /// <summary>The folder holding a worker's store and lock; null shard: the folder's.</summary>
    public static string RecordsDirectory(string outputsDirectory, ShardSpec? shard) =>
        shard is { } s ? Path.Combine(RecordsDirectory(outputsDirectory), s.Name) : RecordsDirectory(outputsDirectory);

    /// <summary>An outputs folder's state store.</summary>
    public static string StatePath(string outputsDirectory) => Path.Combine(RecordsDirectory(outputsDirectory), "state.db");

    /// <summary>A worker's state store in an outputs folder; null shard: the folder's.</summary>
    public static string StatePath(string outputsDirectory, ShardSpec? shard) =>
        Path.Combine(RecordsDirectory(outputsDirectory, shard), "state.db");

    /// <summary>The pipeline ledger of the manifest at <paramref name="manifestPath"/> with <c>name:</c> <paramref name="pipelineName"/>.</summary>
    public static string LedgerPath(string manifestPath, string pipelineName) => LedgerPath(manifestPath, pipelineName, null);

    /// <summary>A worker's pipeline ledger; null shard: the pipeline's.</summary>
    public static string LedgerPath(string manifestPath, string pipelineName, ShardSpec? shard) =>
        Path.Combine(
            Path.GetDirectoryName(Path.GetFullPath(manifestPath))!,
            ".seedream",
            FileNameOf(pipelineName) + (shard is { } s ? "." + s.Name : "") + ".db");

    /// <summary>The lock a run holds on its pipeline (every folder it may write), beside the ledger.</summary>
    public static string LedgerLockPath(string ledgerPath) => Path.ChangeExtension(ledgerPath, ".lock");

    /// <summary>The lock a run holds on its outputs folder.</summary>
    public static string FolderLockPath(string outputsDirectory) => FolderLockPath(outputsDirectory, null);

    /// <summary>The lock a worker holds on its part of an outputs folder; null shard: the folder's.</summary>
    public static string FolderLockPath(string outputsDirectory, ShardSpec? shard) =>
        Path.Combine(RecordsDirectory(outputsDirectory, shard), "run.lock");

    /// <summary>The folder manifest.csv/json and summary.json are written to.</summary>
    public static string ReportsDirectory(string outputsDirectory, ShardSpec? shard) =>
        shard is { } s ? Path.Combine(outputsDirectory, PartsFolder, s.Name) : outputsDirectory;

    /// <summary>Every shard store already in the folder (any N), by name: <c>shard-I-of-N</c>.</summary>
    public static IReadOnlyList<string> ExistingShardStores(string outputsDirectory)
    {
        var records = RecordsDirectory(outputsDirectory);
        return Directory.Exists(records)
            ? [.. Directory.EnumerateDirectories(records, "shard-*-of-*").Where(d => File.Exists(Path.Combine(d, "state.db"))).Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
            : [];
    }

    /// <summary>A pipeline name as a file name: letters, digits, '-', '_' and '.' kept, anything else '_'.</summary>
    private static string FileNameOf(string pipelineName)
    {
        var name = new StringBuilder(pipelineName.Length);
        foreach (var ch in pipelineName.Trim())
        {
            name.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' || (ch == '.' && name.Length > 0) ? ch : '_');
        }

        return name.Length == 0 ? "pipeline" : name.ToString();
    }
}
