using System.Text.Json;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary><c>manifest.json</c>: the header and a <c>rows</c> array, one object per current output file, streamed from the store.</summary>
internal static class ManifestJsonWriter
{
    public const string FileName = "manifest.json";

    public static async Task WriteAsync(Stream stream, OutputHeader header, IAsyncEnumerable<ManifestRow> rows, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream, OutputJson.WriterOptions);
        json.WriteStartObject();
        WriteHeader(json, header);
        json.WriteStartArray("rows");
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteRow(json, row);

            // Keep the buffer small however many rows there are.
            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static void WriteHeader(Utf8JsonWriter json, OutputHeader header)
    {
        json.WriteNumber("schemaVersion", header.SchemaVersion);
        json.WriteString("toolVersion", header.ToolVersion);
        json.WriteString("runId", header.RunId);
        json.WriteString("generatedAt", header.GeneratedAtText);
    }

    private static void WriteRow(Utf8JsonWriter json, ManifestRow row)
    {
        json.WriteStartObject();
        json.WriteString("jobKey", row.JobKey);
        json.WriteNumber("ordinal", row.Ordinal);
        json.WriteString("status", row.Status.ToName());
        json.WriteBoolean("simulated", row.Simulated);
        json.WriteString("provider", row.Provider);
        json.WriteString("model", row.Model);
        json.WriteString("providerModelId", row.ProviderModelId);
        json.WriteString("prompt", row.Prompt);
        json.WriteString("size", row.Size);
        json.WriteNumberOrNull("seed", row.Seed);
        json.WriteBoolean("seedHonoured", row.SeedHonoured);
        json.WriteString("taskId", row.TaskId);
        json.WriteNumber("attempts", row.Attempts);
        json.WriteNumber("estimatedCostUsd", row.EstimatedCostUsd);
        json.WriteNumberOrNull("billedCostUsd", row.BilledCostUsd);
        json.WriteNumberOrNull("billedImages", row.BilledImages);
        json.WriteNumberOrNull("generationMs", row.GenerationMs);
        json.WriteNumberOrNull("totalMs", row.TotalMs);
        var failure = row.FailedImage?.Failure ?? row.Failure;
        json.WriteString("errorKind", failure?.Kind);
        json.WriteString("errorCode", failure?.Code);
        json.WriteString("errorMessage", failure?.Message);
        json.WriteStartObject("variables");
        foreach (var (name, value) in row.Variables)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        if (row.Output is { } o)
        {
            json.WriteNumber("imageIndex", o.ImageIndex);
            json.WriteString("variant", o.Variant);
            json.WriteString("path", o.Path);
            json.WriteString("format", o.Format);
            json.WriteNumber("width", o.Width);
            json.WriteNumber("height", o.Height);
            json.WriteNumber("bytes", o.Bytes);
            json.WriteString("sha256", o.Sha256);
        }
        else
        {
            json.WriteNumberOrNull("imageIndex", row.FailedImage?.ImageIndex);
            foreach (var name in (string[])["variant", "path", "format", "width", "height", "bytes", "sha256"])
            {
                json.WriteNull(name);
            }
        }

        json.WriteString("review", row.Review?.Decision);
        json.WriteString("reviewReason", row.Review?.Reason);
        json.WriteString("reviewedBy", row.Review?.DecidedBy);
        json.WriteString("reviewedAt", row.Review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }
}
