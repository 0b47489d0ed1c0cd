using System.Globalization;
using System.Text.Json;
using CsvHelper;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// <c>manifest.csv</c>: one row per output file and per failed image (columns in docs/output-schema.md), streamed from
/// the store. A failed image's row carries its own error and image index, with the file columns empty.
/// </summary>
internal static class ManifestCsvWriter
{
    public const string FileName = "manifest.csv";

    private static readonly string[] Columns =
    [
        "schemaVersion", "toolVersion", "runId", "generatedAt",
        "jobKey", "ordinal", "status", "simulated", "provider", "model", "providerModelId", "prompt", "size", "seed", "seedHonoured",
        "taskId", "attempts", "estimatedCostUsd", "billedCostUsd", "billedImages", "generationMs", "totalMs",
        "errorKind", "errorCode", "errorMessage", "variables",
        "imageIndex", "variant", "path", "format", "width", "height", "bytes", "sha256",
    ];

    public static async Task WriteAsync(Stream stream, OutputHeader header, IAsyncEnumerable<ManifestRow> rows, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = false }, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteRow(csv, header, row);
            csv.EndRecord();
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteRow(CsvWriter csv, OutputHeader header, ManifestRow row)
    {
        var o = row.Output;
        var failure = row.FailedImage?.Failure ?? row.Failure;
        object?[] fields =
        [
            header.SchemaVersion, header.ToolVersion, header.RunId, header.GeneratedAtText,
            row.JobKey, row.Ordinal, row.Status.ToName(), row.Simulated ? "true" : "false", row.Provider, row.Model, row.ProviderModelId, row.Prompt, row.Size, row.Seed,
            row.SeedHonoured ? "true" : "false", row.TaskId, row.Attempts, row.EstimatedCostUsd, row.BilledCostUsd, row.BilledImages,
            row.GenerationMs, row.TotalMs, failure?.Kind, failure?.Code, failure?.Message,
            JsonSerializer.Serialize(row.Variables),
            o?.ImageIndex ?? row.FailedImage?.ImageIndex, o?.Variant, o?.Path, o?.Format, o?.Width, o?.Height, o?.Bytes, o?.Sha256,
        ];
        foreach (var field in fields)
        {
            csv.WriteField(field switch
            {
                null => "",
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => field.ToString(),
            });
        }
    }
}
