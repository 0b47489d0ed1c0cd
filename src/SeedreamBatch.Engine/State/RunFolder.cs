using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Engine.Download;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The one way a run opens its outputs folder: the pipeline's lock (its ledger), then the folder's (a shard worker:
/// its shard's), then the temp files a killed run left swept. Held until disposed; nothing of a run happens before.
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
    /// Opens <paramref name="outputs"/> for a run of <paramref name="pipelineName"/>, or says who holds it ("busy: …")
    /// and returns null. A shard worker (<paramref name="shard"/>) takes its shard's locks only: the other shards'
    /// workers run at the same time on the same pipeline and folder, each on its own jobs (StoreLocations).
    /// </summary>
    public static RunFolder? TryOpen(string outputs, string ledgerPath, string pipelineName, ShardSpec? shard, TimeProvider time, out string? busy)
    {
        if (!RunLock.TryAcquireFile(StoreLocations.LedgerLockPath(ledgerPath), time, out var pipelineLock, out var pipelineHolder))
        {
            var which = shard is { } p ? $"shard {p} of pipeline '{pipelineName}'" : $"pipeline '{pipelineName}'";
            busy = $"busy: another run of {which} is going on ({pipelineHolder}); try again when it has finished";
            return null;
        }

        System.IO.Directory.CreateDirectory(outputs);
        if (!RunLock.TryAcquire(outputs, shard, time, out var folderLock, out var folderHolder))
        {
            pipelineLock!.Dispose();
            var what = shard is { } s ? $"shard {s} of {outputs}" : outputs;
            busy = $"busy: another run is using {what} ({folderHolder}); try again when it has finished";
            return null;
        }

        // Only now, under the lock: a killed run's half-written files are no other run's work in progress. Not for a
        // shard worker: the other shards' workers may be writing in the same folder (merge sweeps, holding every lock).
        if (shard is null)
        {
            StaleTempFiles.Sweep(outputs);
        }

        busy = null;
        return new RunFolder(outputs, pipelineLock!, folderLock!);
    }

    public void Dispose()
    {
        _folderLock.Dispose();
        _pipelineLock.Dispose();
    }
}
