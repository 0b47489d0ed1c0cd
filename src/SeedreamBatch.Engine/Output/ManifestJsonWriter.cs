using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// <c>manifest.json</c>: the header and a <c>rows</c> array, one object per current output file. Its fixed shape is
/// encoded straight into UTF-8, byte for byte what <see cref="Utf8JsonWriter"/> writes with <see cref="OutputJson.WriterOptions"/>
/// (same indentation, same escaping: strings needing it go through <see cref="JsonEncodedText"/> with the same encoder),
/// and a job's properties, repeated on each of its rows, are encoded once per job.
/// </summary>
internal sealed class ManifestJsonWriter
{
    public const string FileName = "manifest.json";

    private static readonly JavaScriptEncoder Encoder = OutputJson.WriterOptions.Encoder!;
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(OutputJson.WriterOptions.NewLine);

    private readonly IBufferWriter<byte> _output;

    /// <summary>The current job's properties: up to <c>totalMs</c>, <c>variables</c>, then the review ones and the row's end.</summary>
    private readonly ArrayBufferWriter<byte> _job = new(2048);
    private int _variablesAt;
    private int _reviewAt;
    private string? _jobKey;
    private bool _anyRow;

    public ManifestJsonWriter(IBufferWriter<byte> output, OutputHeader header)
    {
        _output = output;
        output.Write("{"u8);
        Name(output, "schemaVersion", 2, first: true);
        Number(output, header.SchemaVersion);
        Property(output, "toolVersion", 2, header.ToolVersion);
        Property(output, "runId", 2, header.RunId);
        Property(output, "generatedAt", 2, header.GeneratedAtText);
        Name(output, "rows", 2);
        output.Write("["u8);
    }

    /// <summary>The header fields every output file starts with, for the files written with <see cref="Utf8JsonWriter"/>.</summary>
    internal static void WriteHeader(Utf8JsonWriter json, OutputHeader header)
    {
        json.WriteNumber("schemaVersion", header.SchemaVersion);
        json.WriteString("toolVersion", header.ToolVersion);
        json.WriteString("runId", header.RunId);
        json.WriteString("generatedAt", header.GeneratedAtText);
    }

    public void Write(ManifestRow row)
    {
        // The store has one row per job key: consecutive rows with the same key are the same job.
        if (!string.Equals(row.JobKey, _jobKey, StringComparison.Ordinal))
        {
            EncodeJob(row);
        }

        var o = _output;
        o.Write(_anyRow ? ","u8 : default);
        _anyRow = true;
        o.Write(NewLine);
        o.Write("    {"u8);
        var job = _job.WrittenSpan;
        o.Write(job[.._variablesAt]);
        var failure = row.FailedImage?.Failure ?? row.Failure;
        Property(o, "errorKind", 6, failure?.Kind.Name);
        Property(o, "errorCode", 6, failure?.Code);
        Property(o, "errorMessage", 6, failure?.Message);
        o.Write(job[_variablesAt.._reviewAt]);
        var file = row.Output;
        NumberProperty(o, "imageIndex", file?.ImageIndex ?? row.FailedImage?.ImageIndex);
        Property(o, "variant", 6, file?.Variant);
        Property(o, "path", 6, file?.Path);
        Property(o, "format", 6, file?.Format);
        NumberProperty(o, "width", file?.Width);
        NumberProperty(o, "height", file?.Height);
        NumberProperty(o, "bytes", file?.Bytes);
        Property(o, "sha256", 6, file?.Sha256);
        o.Write(job[_reviewAt..]);
    }

    /// <summary>Closes the rows array and the document.</summary>
    public void End()
    {
        if (_anyRow)
        {
            _output.Write(NewLine);
            _output.Write("  "u8);
        }

        _output.Write("]"u8);
        _output.Write(NewLine);
        _output.Write("}"u8);
    }

    private void EncodeJob(ManifestRow row)
    {
        _jobKey = row.JobKey;
        var b = _job;
        b.ResetWrittenCount();
        Name(b, "jobKey", 6, first: true);
        String(b, row.JobKey);
        NumberProperty(b, "ordinal", (long?)row.Ordinal);
        Property(b, "status", 6, row.Status.ToName());
        Name(b, "simulated", 6);
        Boolean(b, row.Simulated);
        Property(b, "provider", 6, row.Provider);
        Property(b, "model", 6, row.Model);
        Property(b, "providerModelId", 6, row.ProviderModelId);
        Property(b, "prompt", 6, row.Prompt);
        Property(b, "size", 6, row.Size);
        NumberProperty(b, "seed", row.Seed);
        Name(b, "seedHonoured", 6);
        Boolean(b, row.SeedHonoured);
        Property(b, "taskId", 6, row.TaskId);
        NumberProperty(b, "attempts", (int?)row.Attempts);
        NumberProperty(b, "estimatedCostUsd", (decimal?)row.EstimatedCostUsd);
        NumberProperty(b, "billedCostUsd", row.BilledCostUsd);
        NumberProperty(b, "billedImages", row.BilledImages);
        NumberProperty(b, "generationMs", row.GenerationMs);
        NumberProperty(b, "totalMs", row.TotalMs);
        _variablesAt = b.WrittenCount;
        Name(b, "variables", 6);
        b.Write("{"u8);
        var first = true;
        foreach (var (name, value) in row.Variables)
        {
            b.Write(first ? default : ","u8);
            b.Write(NewLine);
            b.Write("        "u8);
            String(b, name);
            b.Write(": "u8);
            String(b, value);
            first = false;
        }

        if (!first)
        {
            b.Write(NewLine);
            b.Write("      "u8);
        }

        b.Write("}"u8);
        _reviewAt = b.WrittenCount;
        Property(b, "review", 6, row.Review?.Decision);
        Property(b, "reviewReason", 6, row.Review?.Reason);
        Property(b, "reviewedBy", 6, row.Review?.DecidedBy);
        Property(b, "reviewedAt", 6, row.Review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        b.Write(NewLine);
        b.Write("    }"u8);
    }

    /// <summary><c>,</c> (unless first), a new line, <paramref name="indent"/> spaces and <c>"name": </c>; names are plain ASCII.</summary>
    private static void Name(IBufferWriter<byte> output, string name, int indent, bool first = false)
    {
        var span = output.GetSpan(name.Length + indent + NewLine.Length + 5);
        var n = 0;
        if (!first)
        {
            span[n++] = (byte)',';
        }

        NewLine.CopyTo(span[n..]);
        n += NewLine.Length;
        span.Slice(n, indent).Fill((byte)' ');
        n += indent;
        span[n++] = (byte)'"';
        n += Encoding.ASCII.GetBytes(name, span[n..]);
        span[n++] = (byte)'"';
        span[n++] = (byte)':';
        span[n++] = (byte)' ';
        output.Advance(n);
    }

    private static void Property(IBufferWriter<byte> output, string name, int indent, string? value)
    {
        Name(output, name, indent);
        String(output, value);
    }

    /// <summary>A JSON string (or <c>null</c>), escaped exactly as <see cref="Utf8JsonWriter"/> escapes it with <see cref="Encoder"/>.</summary>
    private static void String(IBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            output.Write("null"u8);
            return;
        }

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 2);
        var n = Encoding.UTF8.GetBytes(value, span[1..]);
        if (Encoder.FindFirstCharacterToEncodeUtf8(span.Slice(1, n)) < 0)
        {
            span[0] = (byte)'"';
            span[n + 1] = (byte)'"';
            output.Advance(n + 2);
            return;
        }

        output.Write("\""u8);
        output.Write(JsonEncodedText.Encode(value, Encoder).EncodedUtf8Bytes);
        output.Write("\""u8);
    }

    private static void NumberProperty<T>(IBufferWriter<byte> output, string name, T? value)
        where T : struct, IUtf8SpanFormattable
    {
        Name(output, name, 6);
        Number(output, value);
    }

    private static void Boolean(IBufferWriter<byte> output, bool value) => output.Write(value ? "true"u8 : "false"u8);

    private static void Number<T>(IBufferWriter<byte> output, T? value)
        where T : struct, IUtf8SpanFormattable
    {
        if (value is { } v)
        {
            Number(output, v);
        }
        else
        {
            output.Write("null"u8);
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
