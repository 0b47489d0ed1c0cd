using System.Collections.Concurrent;
using SeedreamBatch.Engine.Download;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Takes a job over from the outputs folder the pipeline ledger names as its home: its record into this folder's store,
/// its intact files linked (or copied) into this folder. No paid call: what the earlier folder paid for is used.
/// </summary>
internal sealed class FolderTakeover(PipelineLedger ledger, StateStore store, string outputsDirectory, string runId) : IDisposable
{
    // One reader per other folder, opened on first use; StateReader is single-threaded, hence the lock per reader.
    private readonly ConcurrentDictionary<string, (StateReader? Reader, Lock Gate)> _readers = new(StringComparer.Ordinal);

    /// <summary>
    /// The homes of a chunk's jobs that this folder's store does not know (<paramref name="jobKeys"/>), by job key, with
    /// this folder claimed — in one commit, before any of them is sent — as the home of those no folder held: a home is
    /// durable before a paid request as when each job recorded its own (<see cref="PipelineLedger.ClaimHomesAsync"/>),
    /// for one commit per chunk instead of one per job. A home that is this folder's needs no record of its own.
    /// </summary>
    public async Task<Dictionary<string, (string Home, bool IsHere)>> ClaimHomesAsync(IReadOnlyCollection<string> jobKeys)
    {
        var found = ledger.FindHomes(jobKeys);
        var unclaimed = jobKeys.Where(k => !found.ContainsKey(k)).ToList();
        await ledger.ClaimHomesAsync(unclaimed, outputsDirectory, CancellationToken.None).ConfigureAwait(false);
        var homes = found.ToDictionary(h => h.Key, h => (h.Value, PathsEqual(h.Value, outputsDirectory)), StringComparer.Ordinal);
        foreach (var key in unclaimed)
        {
            homes[key] = (outputsDirectory, true);
        }

        return homes;
    }

    /// <summary>
    /// Takes <paramref name="jobKey"/> over when another folder holds it (and, when this run is real, holds it from a real
    /// provider); returns the folder it came from, or null when there was nothing to take. <paramref name="knownHome"/>:
    /// the job's home as <see cref="ClaimHomesAsync"/> found it (null: asks the ledger).
    /// </summary>
    public async Task<string?> TryTakeOverAsync(string jobKey, string? knownHome, CancellationToken cancellationToken)
    {
        if ((knownHome ?? ledger.FindHome(jobKey)) is not { } home || PathsEqual(home, outputsDirectory))
        {
            return null;
        }

        var (reader, gate) = _readers.GetOrAdd(home, h => (File.Exists(ledger.StorePathOf(h)) ? StateReader.Open(ledger.StorePathOf(h)) : null, new Lock()));
        if (reader is null)
        {
            return null;
        }

        JobCopy? copy;
        lock (gate)
        {
            copy = reader.ReadJobCopy(jobKey, home);
        }

        if (copy is null || (Convert.ToInt64(copy.Job.GetValueOrDefault("simulated") ?? 0L, System.Globalization.CultureInfo.InvariantCulture) != 0 && !store.Endpoint.Simulated))
        {
            return null;
        }

        foreach (var output in copy.Outputs)
        {
            var path = (string)output["path"]!;
            await LinkIntactAsync(Path.Combine(home, path), Path.Combine(outputsDirectory, path), (string)output["sha256"]!, cancellationToken).ConfigureAwait(false);
        }

        await store.ImportJobAsync(copy, runId, CancellationToken.None).ConfigureAwait(false);
        await ledger.RecordHomeAsync(jobKey, outputsDirectory, CancellationToken.None).ConfigureAwait(false);
        return home;
    }

    public void Dispose()
    {
        foreach (var (reader, _) in _readers.Values)
        {
            reader?.Dispose();
        }
    }

    /// <summary>Copies a file that is still what the other folder recorded; one missing or changed there is left out (made again later, announced).</summary>
    private static async Task LinkIntactAsync(string source, string target, string sha256, CancellationToken cancellationToken)
    {
        if (await FileHashes.IsIntactAsync(target, sha256, cancellationToken).ConfigureAwait(false)
            || !await FileHashes.IsIntactAsync(source, sha256, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await Core.Files.AtomicFile.WriteAsync(
            target,
            async (stream, ct) =>
            {
                await using var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
                await from.CopyToAsync(stream, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
