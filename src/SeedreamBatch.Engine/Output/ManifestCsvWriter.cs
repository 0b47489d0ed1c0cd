using System.Buffers;
using System.Globalization;
using System.Text;

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

    private static readonly SearchValues<byte> QuotedWhenIn = SearchValues.Create(",\"\r\n"u8);

    private readonly IBufferWriter<byte> _output;
    private readonly IReadOnlyList<string> _variables;
    private readonly byte[] _headerCells;

    /// <summary>The current job's cells: up to <c>totalMs</c>, the <c>variables</c> cell, then the review and <c>var.*</c> cells.</summary>
    private readonly ArrayBufferWriter<byte> _job = new(1024);
    private readonly byte[][] _variableNames;
    private int _variablesAt;
    private int _reviewAt;
    private ManifestJobCells? _encodedJob;
    private long _encodedVersion;

    /// <param name="variables">The <c>var.*</c> columns, in order.</param>
    /// <param name="byteOrderMark">Start with a UTF-8 BOM (<c>--csv-bom</c>, <c>outputs.csv_bom</c>): Excel then reads Chinese names right.</param>
    public ManifestCsvWriter(IBufferWriter<byte> output, OutputHeader header, IReadOnlyList<string> variables, bool byteOrderMark)
    {
        _output = output;
        _variables = variables;
        _variableNames = [.. variables.Select(Encoding.UTF8.GetBytes)];
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

    /// <summary>One row: <paramref name="job"/>'s cells (encoded once per job) and <paramref name="file"/>'s.</summary>
    public void Write(ManifestJobCells job, ManifestFileCells file)
    {
        if (job.Version != _encodedVersion || !ReferenceEquals(job, _encodedJob))
        {
            EncodeJob(job);
        }

        var jobCells = _job.WrittenSpan;
        var output = _output;
        output.Write(_headerCells);
        output.Write(jobCells[.._variablesAt]);
        Cells(output, file, RowText.ErrorKind, RowText.ErrorCode, RowText.ErrorMessage);
        output.Write(jobCells[_variablesAt.._reviewAt]);
        NumberCell(output, file.ImageIndex);
        Cells(output, file, RowText.Variant, RowText.Path, RowText.Format);
        NumberCell(output, file.Width);
        NumberCell(output, file.Height);
        NumberCell(output, file.Bytes);
        Field(output, file[RowText.Sha256]);
        output.Write(jobCells[_reviewAt..]);
    }

    private void EncodeJob(ManifestJobCells job)
    {
        _encodedJob = job;
        _encodedVersion = job.Version;
        var b = _job;
        b.ResetWrittenCount();
        Cells(b, job, JobText.JobKey);
        NumberCell(b, (long?)job.Ordinal);
        Cells(b, job, JobText.Status);
        Cells(b, job.Simulated ? "true"u8 : "false"u8);
        Cells(b, job, JobText.Provider, JobText.Model, JobText.ProviderModelId, JobText.Prompt, JobText.Size);
        NumberCell(b, job.Seed);
        Cells(b, job.SeedHonoured ? "true"u8 : "false"u8);
        Cells(b, job, JobText.TaskId);
        NumberCell(b, (int?)job.Attempts);
        NumberCell(b, (decimal?)job.EstimatedCostUsd);
        NumberCell(b, job.BilledCostUsd);
        NumberCell(b, job.BilledImages);
        NumberCell(b, job.GenerationMs);
        NumberCell(b, job.TotalMs);
        _variablesAt = b.WrittenCount;
        Cells(b, job.Variables.Json);
        _reviewAt = b.WrittenCount;
        b.Write(","u8);
        Cells(b, job, JobText.Review, JobText.ReviewReason, JobText.ReviewedBy);
        Field(b, job[JobText.ReviewedAt]);
        for (var i = 0; i < _variables.Count; i++)
        {
            b.Write(","u8);
            if (job.Variables.TryGetValue(_variables[i], _variableNames[i], out var value))
            {
                Field(b, value);
            }
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

    /// <summary>Each of <paramref name="cells"/>' <paramref name="which"/> followed by a comma.</summary>
    private static void Cells<TCell>(IBufferWriter<byte> output, Utf8Cells<TCell> cells, params ReadOnlySpan<TCell> which)
        where TCell : struct, Enum
    {
        foreach (var cell in which)
        {
            Field(output, cells[cell]);
            output.Write(","u8);
        }
    }

    /// <summary>The field and a comma.</summary>
    private static void Cells(IBufferWriter<byte> output, ReadOnlySpan<byte> field)
    {
        Field(output, field);
        output.Write(","u8);
    }

    /// <summary>A field given as text (the header).</summary>
    private static void Field(IBufferWriter<byte> output, string? field) => Field(output, Encoding.UTF8.GetBytes(field ?? ""));

    /// <summary>A field as UTF-8 (null and empty write nothing), quoted with its quotes doubled when it holds a comma, quote, CR or LF.</summary>
    private static void Field(IBufferWriter<byte> output, ReadOnlySpan<byte> field)
    {
        if (field.IsEmpty)
        {
            return;
        }

        if (!field.ContainsAny(QuotedWhenIn))
        {
            output.Write(field);
            return;
        }

        var span = output.GetSpan((field.Length * 2) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in field)
        {
            span[n++] = b;
            if (b == (byte)'"')
            {
                span[n++] = b;
            }
        }

        span[n++] = (byte)'"';
        output.Advance(n);
    }

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
            output.WriteInvariant(v);
        }
    }
}
