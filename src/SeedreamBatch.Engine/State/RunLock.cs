using System.Globalization;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Exclusive hold on an outputs folder for one <c>run</c> (<c>&lt;outputs&gt;/.seedream/run.lock</c>): two runs on one
/// folder (an overlapping nightly cron) would each submit every job and pay twice. The lock is an OS file lock
/// (<see cref="FileShare.None"/>, flock on Unix), so the kernel drops it when the process dies, even by SIGKILL.
/// Readers (<c>status</c>) never take it.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the folder's lock, or says who holds it ("pid N, started T") and returns false.</summary>
    public static bool TryAcquire(string outputsDirectory, TimeProvider time, out RunLock? runLock, out string? holder) =>
        TryAcquire(outputsDirectory, null, time, out runLock, out holder);

    /// <summary>Takes a shard worker's lock (<see cref="StoreLocations.FolderLockPath(string, SeedreamBatch.Core.Sharding.ShardSpec?)"/>); null: the folder's.</summary>
    public static bool TryAcquire(string outputsDirectory, SeedreamBatch.Core.Sharding.ShardSpec? shard, TimeProvider time, out RunLock? runLock, out string? holder) =>
        TryAcquireFile(StoreLocations.FolderLockPath(outputsDirectory, shard), time, out runLock, out holder);

    /// <summary>Takes the lock file at <paramref name="path"/> (a folder's, a shard worker's or a pipeline's), or says who holds it.</summary>
    public static bool TryAcquireFile(string path, TimeProvider time, out RunLock? runLock, out string? holder)
    {
        ArgumentNullException.ThrowIfNull(time);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var ownerPath = path + ".owner";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

            // The owner line lives beside the lock: on Unix the locked file cannot be opened even to read it.
            File.WriteAllText(ownerPath, string.Create(
                CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}, started {time.GetUtcNow():yyyy-MM-dd HH:mm:ss}Z"));
            runLock = new RunLock(stream);
            holder = null;
            return true;
        }
        catch (IOException)
        {
            runLock = null;
            holder = File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : "owner unknown";
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
