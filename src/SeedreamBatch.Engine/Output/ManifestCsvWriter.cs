using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// <c>manifest.csv</c>: one row per current output file (columns in docs/output-schema.md), then one
/// <c>var.&lt;name&gt;</c> column per variable (catalog columns and matrix axes) so a spreadsheet or a shop import can use
/// them without parsing the <c>variables</c> JSON cell. RFC 4180 as CsvHelper writes it (CRLF; a field is quoted when it
/// holds a comma, quote, CR or LF; a test holds it to CsvHelper's bytes), encoded straight into UTF-8: a million-job manifest
/// is written in seconds. A job's cells, repeated on each of its rows, are encoded once per job.
/// </summary>
internal sealed class ManifestCsvWriter
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

    private static readonly SearchValues<char> QuotedWhenIn = SearchValues.Create(",\"\r\n");

    private readonly IBufferWriter<byte> _output;
    private readonly IReadOnlyList<string> _variables;
    private readonly byte[] _headerCells;

    /// <summary>The current job's cells: up to <c>totalMs</c>, the <c>variables</c> cell, then the review and <c>var.*</c> cells.</summary>
    private readonly ArrayBufferWriter<byte> _job = new(1024);
    private int _variablesAt;
    private int _reviewAt;
    private string? _jobKey;

    /// <param name="variables">The <c>var.*</c> columns, in order.</param>
    /// <param name="byteOrderMark">Start with a UTF-8 BOM (<c>--csv-bom</c>, <c>outputs.csv_bom</c>): Excel then reads Chinese names right.</param>
    public ManifestCsvWriter(IBufferWriter<byte> output, OutputHeader header, IReadOnlyList<string> variables, bool byteOrderMark)
    {
        _output = output;
        _variables = variables;
        if (byteOrderMark)
        {
            output.Write(Encoding.UTF8.Preamble);
        }

        Record(output, [.. Columns, .. variables.Select(v => VariablePrefix + v)]);
        var cells = new ArrayBufferWriter<byte>();
        foreach (var cell in (string[])[header.SchemaVersion.ToString(CultureInfo.InvariantCulture), header.ToolVersion, header.RunId, header.GeneratedAtText])
        {
            Field(cells, cell);
            cells.Write(","u8);
        }

        _headerCells = cells.WrittenSpan.ToArray();
    }

    public void Write(ManifestRow row)
    {
        // The store has one row per job key: consecutive rows with the same key are the same job.
        if (!string.Equals(row.JobKey, _jobKey, StringComparison.Ordinal))
        {
            EncodeJob(row);
        }

        var job = _job.WrittenSpan;
        _output.Write(_headerCells);
        _output.Write(job[.._variablesAt]);
        var failure = row.FailedImage?.Failure ?? row.Failure;
        Cells(_output, failure?.Kind.Name, failure?.Code, failure?.Message);
        _output.Write(job[_variablesAt.._reviewAt]);
        var o = row.Output;
        NumberCell(_output, o?.ImageIndex ?? row.FailedImage?.ImageIndex);
        Cells(_output, o?.Variant, o?.Path, o?.Format);
        NumberCell(_output, o?.Width);
        NumberCell(_output, o?.Height);
        NumberCell(_output, o?.Bytes);
        Field(_output, o?.Sha256);
        _output.Write(job[_reviewAt..]);
    }

    private void EncodeJob(ManifestRow row)
    {
        _jobKey = row.JobKey;
        var b = _job;
        b.ResetWrittenCount();
        Cells(b, row.JobKey);
        NumberCell(b, (long?)row.Ordinal);
        Cells(b, row.Status.ToName(), row.Simulated ? "true" : "false", row.Provider, row.Model, row.ProviderModelId, row.Prompt, row.Size);
        NumberCell(b, row.Seed);
        Cells(b, row.SeedHonoured ? "true" : "false", row.TaskId);
        NumberCell(b, (int?)row.Attempts);
        NumberCell(b, (decimal?)row.EstimatedCostUsd);
        NumberCell(b, row.BilledCostUsd);
        NumberCell(b, row.BilledImages);
        NumberCell(b, row.GenerationMs);
        NumberCell(b, row.TotalMs);
        _variablesAt = b.WrittenCount;
        Cells(b, JsonSerializer.Serialize(row.Variables));
        _reviewAt = b.WrittenCount;
        b.Write(","u8);
        Cells(b, row.Review?.Decision, row.Review?.Reason, row.Review?.DecidedBy);
        Field(b, row.Review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        foreach (var name in _variables)
        {
            b.Write(","u8);
            Field(b, row.Variables.GetValueOrDefault(name));
        }

        b.Write("\r\n"u8);
    }

    private static void Record(IBufferWriter<byte> output, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            Field(output, fields[i]);
        }

        output.Write("\r\n"u8);
    }

    /// <summary>Each field followed by a comma.</summary>
    private static void Cells(IBufferWriter<byte> output, params ReadOnlySpan<string?> fields)
    {
        foreach (var field in fields)
        {
            Field(output, field);
            output.Write(","u8);
        }
    }

    private static void Field(IBufferWriter<byte> output, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        if (!field.AsSpan().ContainsAny(QuotedWhenIn))
        {
            Utf8(output, field);
            return;
        }

        output.Write("\""u8);
        Utf8(output, field.Replace("\"", "\"\"", StringComparison.Ordinal));
        output.Write("\""u8);
    }

    private static void Utf8(IBufferWriter<byte> output, string text) =>
        output.Advance(Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length))));

    /// <summary>A number (nothing for null) and a comma.</summary>
    private static void NumberCell<T>(IBufferWriter<byte> output, T? value)
        where T : struct, IUtf8SpanFormattable
    {
        Number(output, value);
        output.Write(","u8);
    }

    /// <summary>A number as invariant text; nothing for null.</summary>
    private static void Number<T>(IBufferWriter<byte> output, T? value)
        where T : struct, IUtf8SpanFormattable
    {
        if (value is { } v)
        {
            Number(output, v);
        }
    }

    private static void Number<T>(IBufferWriter<byte> output, T value)
        where T : IUtf8SpanFormattable
    {
        var span = output.GetSpan(64);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }
}
