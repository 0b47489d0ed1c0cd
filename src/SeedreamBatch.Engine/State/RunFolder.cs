using System.Globalization;
using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Engine.Download;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The one way a run opens its outputs folder: the pipeline's lock (its ledger), then the folder's (a shard worker:
/// its shard's), then one shard split per folder checked, then the temp files a killed run left swept. Held until
/// disposed; nothing of a run happens before.
/// </summary>
public sealed class RunFolder : IDisposable
{
    private readonly RunLock _pipelineLock;
    private readonly RunLock _folderLock;

    private RunFolder(string directory, RunLock pipelineLock, RunLock folderLock)
    {
        Directory = directory;
        _pipelineLock = pipelineLock;
        _folderLock = folderLock;
    }

    /// <summary>The outputs folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>
    /// Opens <paramref name="outputs"/> for a run of <paramref name="pipelineName"/>, or says why not and returns null:
    /// another run holds it (busy), or it keeps the state of another shard split. A shard worker (<paramref name="shard"/>)
    /// takes its shard's locks only: the other shards' workers run at the same time on the same pipeline and folder,
    /// each on its own jobs (StoreLocations).
    /// </summary>
    public static RunFolder? TryOpen(string outputs, string ledgerPath, string pipelineName, ShardSpec? shard, TimeProvider time, out RunFolderRefusal? refusal)
    {
        if (!RunLock.TryAcquireFile(StoreLocations.LedgerLockPath(ledgerPath), time, out var pipelineLock, out var pipelineHolder))
        {
            var which = shard is { } p ? $"shard {p} of pipeline '{pipelineName}'" : $"pipeline '{pipelineName}'";
            refusal = new(true, $"busy: another run of {which} is going on ({pipelineHolder}); try again when it has finished");
            return null;
        }

        System.IO.Directory.CreateDirectory(outputs);
        if (!RunLock.TryAcquire(outputs, shard, time, out var folderLock, out var folderHolder))
        {
            pipelineLock!.Dispose();
            var what = shard is { } s ? $"shard {s} of {outputs}" : outputs;
            refusal = new(true, $"busy: another run is using {what} ({folderHolder}); try again when it has finished");
            return null;
        }

        var folder = new RunFolder(outputs, pipelineLock!, folderLock!);
        if (SplitConflict(outputs, shard) is { } conflict)
        {
            folder.Dispose();
            refusal = new(false, conflict);
            return null;
        }

        // Only now, under the lock: a killed run's half-written files are no other run's work in progress. Not for a
        // shard worker: the other shards' workers may be writing in the same folder (merge sweeps, holding every lock).
        if (shard is null)
        {
            StaleTempFiles.Sweep(outputs);
        }

        refusal = null;
        return folder;
    }

    /// <summary>
    /// Why this run must not use the folder, or null. Each split keeps its own stores: a run with another split (or
    /// none) would not see what the others paid for and would pay again.
    /// </summary>
    private static string? SplitConflict(string outputs, ShardSpec? shard)
    {
        var existing = StoreLocations.ExistingShardStores(outputs);
        if (shard is null)
        {
            return existing.Count == 0
                ? null
                : $"{outputs} holds the state of a sharded run ({string.Join(", ", existing)}); run it with --shard I/N as before, or use a new outputs folder: a run without --shard would pay again for their jobs";
        }

        var count = shard.Value.Count;
        if (File.Exists(StateStore.PathFor(outputs)))
        {
            return $"{outputs} holds the state of a run without --shard; use a new outputs folder for shard workers: --shard {shard} would pay again for its jobs";
        }

        var other = existing.FirstOrDefault(name => !name.EndsWith(string.Create(CultureInfo.InvariantCulture, $"-of-{count}"), StringComparison.Ordinal));
        return other is null
            ? null
            : $"{outputs} holds shards of another split ({other}); every worker of a folder must use the same N (--shard I/{count} would pay again for their jobs)";
    }

    public void Dispose()
    {
        _folderLock.Dispose();
        _pipelineLock.Dispose();
    }
}

/// <summary>
/// Why <see cref="RunFolder.TryOpen"/> did not open a folder: another run holds it (<paramref name="Busy"/>: try again
/// later), or the folder keeps the state of another shard split (the invocation is wrong).
/// </summary>
public sealed record RunFolderRefusal(bool Busy, string Message);
