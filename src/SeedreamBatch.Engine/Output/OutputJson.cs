using System.Text.Encodings.Web;
using System.Text.Json;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>What the JSON the tool writes (manifest.json, summary.json, <c>status --json</c>) has in common.</summary>
public static class OutputJson
{
    /// <summary>Indented, and non-ASCII text (prompts in Chinese) kept readable rather than \u-escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The <c>jobs</c> object: the total, one count per status, and the jobs only partly done.</summary>
    public static void WriteJobCounts(Utf8JsonWriter json, StatusCounts counts, ImageFailureCounts imageFailures)
    {
        json.WriteStartObject("jobs");
        json.WriteNumber("total", counts.Total);
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            json.WriteNumber(status.ToName(), counts[status]);
        }

        json.WriteNumber("partlyDone", imageFailures.PartlyDoneJobs);
        json.WriteEndObject();
    }

    /// <summary>An object of counts by kind, e.g. <c>failuresByKind</c>.</summary>
    public static void WriteCounts(Utf8JsonWriter json, string name, IEnumerable<KeyValuePair<string, int>> counts)
    {
        json.WriteStartObject(name);
        foreach (var (kind, count) in counts)
        {
            json.WriteNumber(kind, count);
        }

        json.WriteEndObject();
    }
}
