using System.Globalization;
using System.Text.Json;
using CsvHelper;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// <c>manifest.csv</c>: one row per current output file (columns in docs/output-schema.md), streamed from the store,
/// then one <c>var.&lt;name&gt;</c> column per variable (catalog columns and matrix axes) so a spreadsheet or a shop
/// import can use them without parsing the <c>variables</c> JSON cell.
/// </summary>
internal static class ManifestCsvWriter
{
    public const string FileName = "manifest.csv";

    /// <summary>The prefix of the flat variable columns: <c>var.sku</c>, <c>var.style</c>.</summary>
    public const string VariablePrefix = "var.";

    private static readonly string[] Columns =
    [
        "schemaVersion", "toolVersion", "runId", "generatedAt",
        "jobKey", "ordinal", "status", "simulated", "provider", "model", "providerModelId", "prompt", "size", "seed", "seedHonoured",
        "taskId", "attempts", "estimatedCostUsd", "billedCostUsd", "billedImages", "generationMs", "totalMs",
        "errorKind", "errorCode", "errorMessage", "variables",
        "imageIndex", "variant", "path", "format", "width", "height", "bytes", "sha256",
        "review", "reviewReason", "reviewedBy", "reviewedAt",
    ];

    /// <param name="variables">The <c>var.*</c> columns, in order.</param>
    /// <param name="byteOrderMark">Start with a UTF-8 BOM (<c>--csv-bom</c>, <c>outputs.csv_bom</c>): Excel then reads Chinese names right.</param>
    public static async Task WriteAsync(
        Stream stream, OutputHeader header, IAsyncEnumerable<ManifestRow> rows, IReadOnlyList<string> variables, bool byteOrderMark, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = byteOrderMark }, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        foreach (var name in variables)
        {
            csv.WriteField(VariablePrefix + name);
        }

        csv.EndRecord();
        // A job's rows (one per file) share its variables (StateReader parses them once): serialise them once too.
        IReadOnlyDictionary<string, string>? lastVariables = null;
        var variablesJson = "";
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!ReferenceEquals(row.Variables, lastVariables))
            {
                variablesJson = JsonSerializer.Serialize(row.Variables);
                lastVariables = row.Variables;
            }

            WriteRow(csv, header, row, variablesJson);
            foreach (var name in variables)
            {
                csv.WriteField(row.Variables.GetValueOrDefault(name) ?? "");
            }

            csv.EndRecord();
        }

        await csv.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteRow(CsvWriter csv, OutputHeader header, ManifestRow row, string variablesJson)
    {
        var o = row.Output;
        var failure = row.FailedImage?.Failure ?? row.Failure;
        object?[] fields =
        [
            header.SchemaVersion, header.ToolVersion, header.RunId, header.GeneratedAtText,
            row.JobKey, row.Ordinal, row.Status.ToName(), row.Simulated ? "true" : "false", row.Provider, row.Model, row.ProviderModelId, row.Prompt, row.Size, row.Seed,
            row.SeedHonoured ? "true" : "false", row.TaskId, row.Attempts, row.EstimatedCostUsd, row.BilledCostUsd, row.BilledImages,
            row.GenerationMs, row.TotalMs, failure?.Kind, failure?.Code, failure?.Message,
            variablesJson,
            o?.ImageIndex ?? row.FailedImage?.ImageIndex, o?.Variant, o?.Path, o?.Format, o?.Width, o?.Height, o?.Bytes, o?.Sha256,
            row.Review?.Decision, row.Review?.Reason, row.Review?.DecidedBy, row.Review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
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
