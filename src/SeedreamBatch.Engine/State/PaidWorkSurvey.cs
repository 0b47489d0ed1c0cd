using SeedreamBatch.Core.Jobs;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Counts, before anything is sent, what the jobs would pay now (<see cref="PaidWork"/>): <c>plan</c>'s "to pay now" line and
/// the line <c>run</c> prints before it pays. Read-only: it opens the folder's store, the pipeline ledger and the folders the
/// ledger names, and looks at files by existence only (a run checks their hashes).
/// </summary>
public static class PaidWorkSurvey
{
    /// <summary>Jobs looked up per query: SQLite takes up to 32,766 values, and a chunk is a few hundred KB of jobs.</summary>
    public const int LookupChunk = 512;

    private static readonly TimeSpan ResultUrlLifetime = TimeSpan.FromHours(24);

    public static Task<PaidWork> SurveyAsync(
        IEnumerable<Job> jobs, string outputsDirectory, string ledgerPath, bool simulatedRun, TimeProvider time, CancellationToken cancellationToken,
        SeedreamBatch.Core.Sharding.ShardSpec? shard = null)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        using var ledger = PipelineLedger.OpenReadOnly(ledgerPath, shard);
        var readers = new Dictionary<string, StateReader?>(StringComparer.Ordinal);
        try
        {
            StateReader? ReaderFor(string folder)
            {
                if (!readers.TryGetValue(folder, out var reader))
                {
                    var path = StoreLocations.StatePath(folder, shard);
                    reader = File.Exists(path) ? StateReader.Open(path) : null;
                    readers[folder] = reader;
                }

                return reader;
            }

            int total = 0, made = 0, other = 0, simulated = 0, missing = 0, redownloads = 0, unknown = 0, failed = 0, toPay = 0;
            decimal toPayUsd = 0;
            foreach (var chunk in jobs.Chunk(LookupChunk))
            {
                cancellationToken.ThrowIfCancellationRequested();

                // One query per folder for the chunk's records and one for the files of those made: the folder's own
                // first, then (through the ledger) the earlier folders that hold the rest.
                var found = new Dictionary<string, (string Folder, JobRecord Record)>(StringComparer.Ordinal);
                var files = new Dictionary<string, ILookup<string, OutputRecord>>(StringComparer.Ordinal);
                void LookUp(string folder, IReadOnlyCollection<string> keys)
                {
                    if (ReaderFor(folder) is { } reader)
                    {
                        var records = reader.GetJobs(keys);
                        foreach (var (key, record) in records)
                        {
                            found[key] = (folder, record);
                        }

                        files[folder] = reader.GetOutputs([.. records.Values.Where(r => r.Status is JobStatus.Done or JobStatus.Generated).Select(r => r.Key)]);
                    }
                }

                LookUp(outputsDirectory, [.. chunk.Select(j => j.Key)]);
                var homes = ledger?.FindHomes([.. chunk.Where(j => !found.ContainsKey(j.Key)).Select(j => j.Key)]) ?? [];
                foreach (var home in homes.Where(h => h.Value != outputsDirectory).GroupBy(h => h.Value, StringComparer.Ordinal))
                {
                    LookUp(home.Key, [.. home.Select(h => h.Key)]);
                }

                foreach (var job in chunk)
                {
                    total++;
                    void Pay()
                    {
                        toPay++;
                        toPayUsd += job.EstimatedCostUsd;
                    }

                    if (!found.TryGetValue(job.Key, out var stored))
                    {
                        Pay();
                        continue;
                    }

                    var (folder, record) = stored;
                    if (record.Simulated && !simulatedRun)
                    {
                        simulated++;
                        Pay();
                        continue;
                    }

                    switch (record.Status)
                    {
                        case JobStatus.Done or JobStatus.Generated:
                            var originals = files[folder][job.Key].Where(o => o.Variant == OutputRecord.OriginalVariant).ToList();
                            if (originals.Count > 0 && originals.All(o => File.Exists(Path.Combine(folder, o.Path))))
                            {
                                made++;
                                other += folder == outputsDirectory ? 0 : 1;
                            }
                            else if (!record.Simulated && record.ResultUrls.Any(u => u is not null) && record.GeneratedAt is { } at && time.GetUtcNow() - at <= ResultUrlLifetime)
                            {
                                redownloads++;
                            }
                            else
                            {
                                missing++;
                                Pay();
                            }

                            break;

                        case JobStatus.Submitting or JobStatus.Submitted:
                            unknown++;
                            break;

                        case JobStatus.Failed when record.Failure is { Kind.IsUnknownOutcome: true }:
                            unknown++;
                            break;

                        case JobStatus.Failed:
                            failed++;
                            break;

                        default:
                            Pay();
                            break;
                    }
                }
            }

            return Task.FromResult(new PaidWork(total, made, other, simulated, missing, redownloads, unknown, failed, toPay, toPayUsd));
        }
        finally
        {
            foreach (var reader in readers.Values)
            {
                reader?.Dispose();
            }
        }
    }

    /// <summary>
    /// The survey in one line: "to pay now: $0.00, 124 jobs already made", then what needs saying before paying
    /// ("1 job's files are missing: regenerating, paid", "20 jobs have only simulated results").
    /// </summary>
    public static string Describe(PaidWork w, string providerName)
    {
        ArgumentNullException.ThrowIfNull(w);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        static string Jobs(int n) => n == 1 ? "1 job" : $"{n} jobs";
        var parts = new List<string> { string.Create(c, $"to pay now: ${w.ToPayUsd:0.00} for {Jobs(w.ToPayJobs)}, {Jobs(w.AlreadyMade)} already made") };
        if (w.FromOtherFolders > 0)
        {
            parts.Add($"{Jobs(w.FromOtherFolders)} from earlier folders of this pipeline (linked or copied, free)");
        }

        if (w.SimulatedOnly > 0)
        {
            parts.Add($"{Jobs(w.SimulatedOnly)} {(w.SimulatedOnly == 1 ? "has" : "have")} only simulated results: generating them on {providerName}, paid");
        }

        if (w.FilesMissing > 0)
        {
            parts.Add($"{Jobs(w.FilesMissing)}' files are missing: regenerating, paid".Replace("1 job' ", "1 job's ", StringComparison.Ordinal));
        }

        if (w.Redownloads > 0)
        {
            parts.Add($"{Jobs(w.Redownloads)}' files are missing: downloading them again, free".Replace("1 job' ", "1 job's ", StringComparison.Ordinal));
        }

        if (w.Unknown > 0)
        {
            parts.Add($"{Jobs(w.Unknown)} may have been billed earlier without an answer (not sent again without --retry-unknown)");
        }

        if (w.FailedEarlier > 0)
        {
            parts.Add($"{Jobs(w.FailedEarlier)} failed earlier (--retry-failed sends them again)");
        }

        return string.Join("; ", parts);
    }
}
