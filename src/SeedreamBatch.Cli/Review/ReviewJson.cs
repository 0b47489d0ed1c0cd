using System.Globalization;
using System.Text.Json;
using SeedreamBatch.Core.Json;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Review;

/// <summary>The JSON the review page reads (server API and the gallery's embedded data): one writer for both.</summary>
internal static class ReviewJson
{
    // Facet values united across stores: numbers first and by value, then text ordinally (as SQLite sorts json_each values).
    private static readonly Comparer<string> FacetValueComparer = Comparer<string>.Create((a, b) =>
    {
        var c = CultureInfo.InvariantCulture;
        var (isA, isB) = (decimal.TryParse(a, NumberStyles.Float, c, out var x), decimal.TryParse(b, NumberStyles.Float, c, out var y));
        return isA && isB ? (x != y ? x.CompareTo(y) : string.CompareOrdinal(a, b)) : isA != isB ? (isA ? -1 : 1) : string.CompareOrdinal(a, b);
    });

    public static void WriteItem(Utf8JsonWriter w, ReviewItem item, bool detail, IEnumerable<OutputRecord>? files = null)
    {
        var c = CultureInfo.InvariantCulture;
        var job = item.Job;
        w.WriteStartObject();
        w.WriteString("key", job.JobKey);
        w.WriteNumber("ordinal", job.Ordinal);
        w.WriteString("status", job.Status.ToName());
        w.WriteBoolean("partly", item.PartlyDone);
        w.WriteString("provider", job.Provider);
        w.WriteString("model", job.Model);
        w.WriteString("prompt", detail || job.Prompt.Length <= 160 ? job.Prompt : job.Prompt[..160] + "…");
        w.WriteString("size", job.Size);
        w.WriteNumberOrNull("seed", job.Seed);
        w.WriteBoolean("seedHonoured", job.SeedHonoured);
        w.WriteStartObject("vars");
        foreach (var (name, value) in job.Variables)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
        w.WriteString("thumb", item.Thumbnail);
        WriteDecision(w, job.Review);
        w.WriteNumber("versions", item.Versions);
        if (job.Failure is { } failure)
        {
            w.WriteString("error", failure.ToString());
        }

        if (detail)
        {
            w.WriteString("taskId", job.TaskId);
            w.WriteNumber("attempts", job.Attempts);
            w.WriteString("estimatedUsd", job.EstimatedCostUsd.ToString(c));
            w.WriteString("billedUsd", job.BilledCostUsd?.ToString(c));
            w.WriteString("lifetimeBilledUsd", item.LifetimeBilledUsd.ToString(c));
            w.WriteNumberOrNull("generationMs", job.GenerationMs);
            w.WriteNumberOrNull("totalMs", job.TotalMs);
        }

        if (files is not null)
        {
            WriteOutputs(w, "files", files);
        }

        w.WriteEndObject();
    }

    public static void WriteOutputs(Utf8JsonWriter w, string name, IEnumerable<OutputRecord> outputs)
    {
        w.WriteStartArray(name);
        foreach (var o in outputs)
        {
            w.WriteStartObject();
            w.WriteNumber("image", o.ImageIndex);
            w.WriteString("variant", o.Variant);
            w.WriteString("path", o.Path);
            w.WriteString("format", o.Format);
            w.WriteNumber("width", o.Width);
            w.WriteNumber("height", o.Height);
            w.WriteNumber("bytes", o.Bytes);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteVersions(Utf8JsonWriter w, IEnumerable<JobVersion> versions)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteStartArray("history");
        foreach (var v in versions)
        {
            w.WriteStartObject();
            w.WriteNumber("version", v.Version);
            w.WriteString("key", v.SourceKey);
            w.WriteString("prompt", v.Prompt);
            w.WriteNumberOrNull("seed", v.Seed);
            w.WriteString("billedUsd", v.BilledCostUsd?.ToString(c));
            w.WriteString("taskId", v.TaskId);
            w.WriteString("archivedAt", v.ArchivedAt.UtcDateTime.ToString("u", c));
            WriteDecision(w, v.Decision);
            WriteOutputs(w, "outputs", v.Outputs);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteCounts(Utf8JsonWriter w, ReviewCounts counts)
    {
        w.WriteStartObject("counts");
        w.WriteNumber("total", counts.Total);
        w.WriteNumber("done", counts.Done);
        w.WriteNumber("partly", counts.PartlyDone);
        w.WriteNumber("failed", counts.Failed);
        w.WriteNumber("approved", counts.Approved);
        w.WriteNumber("rejected", counts.Rejected);
        w.WriteNumber("pending", counts.Pending);
        w.WriteEndObject();
    }

    public static void WriteFacets(Utf8JsonWriter w, StateReader reader) => WriteFacets(w, [reader]);

    /// <summary>The filter facets of several stores (a merged folder's shards): each variable's and column's values united.</summary>
    public static void WriteFacets(Utf8JsonWriter w, IReadOnlyList<StateReader> readers)
    {
        const int MaxPerVariable = 300;
        w.WriteStartObject("variables");
        if (readers.Count == 1)
        {
            foreach (var (name, values) in readers[0].GetVariableValues(MaxPerVariable))
            {
                WriteArray(w, name, values);
            }
        }
        else
        {
            // Each store's values come sorted as SQLite sorts them (numbers before text); united, numbers stay first.
            var united = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var reader in readers)
            {
                foreach (var (name, values) in reader.GetVariableValues(MaxPerVariable))
                {
                    (united.TryGetValue(name, out var set) ? set : united[name] = new SortedSet<string>(FacetValueComparer)).UnionWith(values);
                }
            }

            foreach (var (name, values) in united)
            {
                WriteArray(w, name, values.Take(MaxPerVariable));
            }
        }

        w.WriteEndObject();
        foreach (var column in (string[])["model", "provider"])
        {
            WriteArray(w, column + "s", readers.SelectMany(r => r.GetDistinct(column)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        }

        w.WriteNumber("sizes", readers.SelectMany(r => r.GetDistinct("size")).Distinct(StringComparer.Ordinal).Count());
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static void WriteDecision(Utf8JsonWriter w, ReviewDecision? decision)
    {
        if (decision is null)
        {
            w.WriteNull("decision");
            return;
        }

        w.WriteStartObject("decision");
        w.WriteString("value", decision.Decision);
        w.WriteString("reason", decision.Reason);
        w.WriteString("by", decision.DecidedBy);
        w.WriteString("at", decision.DecidedAt.UtcDateTime.ToString("u", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }
}
