using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// <c>merge</c>: the shards' records of one outputs folder become the folder's own manifest.csv, manifest.json and
/// summary.json, as one process would have written them. Rows come from the shard state stores (what the parts were
/// written from), merged in manifest order; the summary adds up the parts' summaries. Refuses — one line, nothing
/// written — a missing shard, shards of different splits or manifests, a job in two shards, or a worker still running.
/// </summary>
public sealed class ShardMerger(string outputsDirectory, string toolVersion, TimeProvider time)
{
    /// <summary>Merges; returns null on success, else why not (one line).</summary>
    public async Task<(string? Error, int Shards, long Rows)> MergeAsync(CancellationToken cancellationToken)
    {
        var names = StoreLocations.ExistingShardStores(outputsDirectory);
        if (names.Count == 0)
        {
            return ($"{outputsDirectory}: no shard state stores (.seedream/shard-I-of-N/state.db): nothing to merge", 0, 0);
        }

        var shards = new List<ShardSpec>();
        foreach (var name in names)
        {
            var parts = name.Split('-');
            shards.Add(new ShardSpec(int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture)));
        }

        var count = shards[0].Count;
        if (shards.FirstOrDefault(s => s.Count != count) is { Count: > 0 } odd && odd.Count != count)
        {
            return ($"{outputsDirectory}: shards of different splits ({shards[0].Name} and {odd.Name}); merge only the shards of one split", 0, 0);
        }

        var missing = Enumerable.Range(0, count).Where(i => shards.All(s => s.Index != i)).Select(i => new ShardSpec(i, count).Name).ToList();
        if (missing.Count > 0)
        {
            return ($"{outputsDirectory}: {string.Join(", ", missing)} missing (not run yet?); every shard of {count} must have run before merge", 0, 0);
        }

        var locks = new List<RunLock>();
        var readers = new List<StateReader>();
        try
        {
            foreach (var shard in shards)
            {
                if (!RunLock.TryAcquire(outputsDirectory, shard, time, out var held, out var holder))
                {
                    return ($"{outputsDirectory}: {shard.Name} is still running ({holder}); merge when every worker has finished", 0, 0);
                }

                locks.Add(held!);
                readers.Add(StateReader.Open(StoreLocations.StatePath(outputsDirectory, shard)));
            }

            (string Path, string Sha)? first = null;
            for (var i = 0; i < shards.Count; i++)
            {
                var manifest = await readers[i].GetLatestManifestAsync(cancellationToken).ConfigureAwait(false);
                if (manifest is not { } m)
                {
                    return ($"{outputsDirectory}: {shards[i].Name} has no run recorded; every shard must have run before merge", 0, 0);
                }

                first ??= m;
                if (m.ManifestSha256 != first.Value.Sha)
                {
                    return ($"{outputsDirectory}: mismatched pipelines: {shards[i].Name} last ran {m.ManifestPath} (sha256 {m.ManifestSha256[..12]}…), "
                        + $"{shards[0].Name} ran {first.Value.Path} (sha256 {first.Value.Sha[..12]}…); rerun the odd shard with the same manifest", 0, 0);
                }
            }

            var header = new OutputHeader(OutputHeader.CurrentSchemaVersion, toolVersion, "merge-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), time.GetUtcNow());
            long rows = 0;

            // The var.* columns of every shard (a shard may lack a matrix axis value no other has); a BOM when the
            // workers wrote their parts with one (outputs.csv_bom / --csv-bom).
            var variables = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var reader in readers)
            {
                variables.UnionWith(await reader.GetVariableNamesAsync(cancellationToken).ConfigureAwait(false));
            }

            var byteOrderMark = shards.Any(s => RunReportWriter.HasByteOrderMark(Path.Combine(StoreLocations.ReportsDirectory(outputsDirectory, s), ManifestCsvWriter.FileName)));
            try
            {
                rows = await RunReportWriter.WriteManifestsAsync(outputsDirectory, header, MergeRowsAsync(readers, shards, cancellationToken), [.. variables], byteOrderMark, cancellationToken)
                    .ConfigureAwait(false);
            }

            catch (DuplicateJobException e)
            {
                return (e.Message, 0, 0);
            }

            // Throughput over the wall clock: from the first shard's start to the last answer of any, so shards run one
            // after another are not reported as if they had run together.
            var spans = new List<(long StartedAt, long? LastAnswerAt)>();
            foreach (var reader in readers)
            {
                if (await reader.GetLatestRunSpanAsync(cancellationToken).ConfigureAwait(false) is { } span)
                {
                    spans.Add(span);
                }
            }

            var wallSeconds = spans.Count == 0 || spans.All(s => s.LastAnswerAt is null)
                ? 0m
                : (spans.Max(s => s.LastAnswerAt ?? s.StartedAt) - spans.Min(s => s.StartedAt)) / 1000m;
            var summary = MergeSummaries(shards, header, wallSeconds);
            await AtomicFile.WriteAsync(
                Path.Combine(outputsDirectory, SummaryJsonWriter.FileName),
                async (stream, ct) => await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n"), ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);

            // Every worker's lock is held: any temp file left now is a killed worker's.
            StaleTempFiles.Sweep(outputsDirectory);
            return (null, shards.Count, rows);
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
            locks.ForEach(l => l.Dispose());
        }
    }

    /// <summary>The shards' rows in manifest order (<see cref="ManifestOrder"/>); a key in two shards is an error.</summary>
    private static async IAsyncEnumerable<ManifestRow> MergeRowsAsync(List<StateReader> readers, List<ShardSpec> shards, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastKey = null;
        var lastShard = -1;
        var sources = readers.Select(r => r.ReadCurrentOutputsAsync(cancellationToken)).ToList();
        await foreach (var (i, row) in ManifestOrder.MergeAsync(sources, r => (r.Ordinal, r.JobKey), cancellationToken).ConfigureAwait(false))
        {
            if (row.JobKey == lastKey && lastShard != i)
            {
                throw new DuplicateJobException($"job {row.JobKey} is in both {shards[lastShard].Name} and {shards[i].Name}: the shards overlap; nothing was merged");
            }

            if (!shards[i].Contains(row.JobKey))
            {
                throw new DuplicateJobException($"job {row.JobKey} is in {shards[i].Name} but hashes to {new ShardSpec(ShardSpec.Of(row.JobKey, shards[i].Count), shards[i].Count).Name}; nothing was merged");
            }

            lastKey = row.JobKey;
            lastShard = i;
            yield return row;
        }
    }

    /// <summary>
    /// The parts' summary.json added up: counts, images and costs summed (cost per provider and model by key); latency
    /// percentiles the slowest shard's (an upper bound: percentiles do not add); throughput over the wall span of the latest
    /// runs (first start to last answer); the
    /// budget as spent in total plus each shard's own figures.
    /// </summary>
    private JsonObject MergeSummaries(List<ShardSpec> shards, OutputHeader header, decimal wallSeconds)
    {
        var merged = new JsonObject();
        var budgets = new JsonArray();
        foreach (var shard in shards)
        {
            var path = Path.Combine(StoreLocations.ReportsDirectory(outputsDirectory, shard), SummaryJsonWriter.FileName);
            if (!File.Exists(path))
            {
                continue;
            }

            var part = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            if (part["budget"] is JsonObject budget)
            {
                var copy = (JsonObject)budget.DeepClone();
                copy.Insert(0, "shard", shard.Name);
                budgets.Add(copy);
            }

            foreach (var (key, value) in part)
            {
                if (key is "schemaVersion" or "toolVersion" or "runId" or "generatedAt" or "budget" || value is null)
                {
                    continue;
                }

                merged[key] = merged[key] is { } existing ? Add(key, existing, value) : value.DeepClone();
            }
        }

        if (merged["throughput"] is JsonObject throughput)
        {
            var images = Number(throughput["images"]);
            var seconds = wallSeconds;
            throughput["seconds"] = seconds;
            throughput["imagesPerMinute"] = seconds > 0 ? Math.Round(images * 60 / seconds, 2) : 0;
        }

        var spentUsd = budgets.Sum(b => Number(b!["spentUsd"]));
        var spentImages = (long)budgets.Sum(b => Number(b!["spentImages"]));
        merged["budget"] = new JsonObject
        {
            ["spentUsd"] = spentUsd,
            ["spentImages"] = spentImages,
            ["reached"] = budgets.Any(b => b!["reached"]?.GetValue<bool>() == true),
            ["byShard"] = budgets,
        };
        merged.Insert(0, "schemaVersion", header.SchemaVersion);
        merged.Insert(1, "toolVersion", header.ToolVersion);
        merged.Insert(2, "runId", header.RunId);
        merged.Insert(3, "generatedAt", header.GeneratedAtText);
        merged.Insert(4, "shards", shards.Count);
        return merged;
    }

    private static decimal Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<decimal>(out var number) ? number : 0;

    private static JsonNode Add(string key, JsonNode a, JsonNode b)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                var result = (JsonObject)x.DeepClone();
                foreach (var (k, v) in y)
                {
                    result[k] = result[k] is { } existing ? (v is null ? existing.DeepClone() : Add(k, existing, v)) : v?.DeepClone();
                }

                return result;
            case (JsonArray x, JsonArray y) when key == "byProviderModel":
                var rows = new Dictionary<(string?, string?), JsonObject>();
                foreach (var item in x.Concat(y).OfType<JsonObject>())
                {
                    var id = (item["provider"]?.GetValue<string>(), item["model"]?.GetValue<string>());
                    rows[id] = rows.TryGetValue(id, out var seen) ? (JsonObject)Add("row", seen, item) : (JsonObject)item.DeepClone();
                }

                return new JsonArray([.. rows.Values.OrderBy(r => r["provider"]?.GetValue<string>(), StringComparer.Ordinal).ThenBy(r => r["model"]?.GetValue<string>(), StringComparer.Ordinal)]);
            case (JsonValue x, JsonValue y) when x.TryGetValue<decimal>(out var m) && y.TryGetValue<decimal>(out var n):
                return key is "p50" or "p90" or "p99" or "seconds" ? JsonValue.Create(Math.Max(m, n)) : JsonValue.Create(m + n);
            case (JsonValue, JsonValue y) when y.GetValueKind() == JsonValueKind.Null:
                return a.DeepClone();
            default:
                return b.DeepClone();
        }
    }

    private sealed class DuplicateJobException(string message) : Exception(message);
}
