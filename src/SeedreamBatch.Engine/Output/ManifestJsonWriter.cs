using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

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
    private static readonly byte[] StatusName = EncodedName("status");
    private static readonly byte[] ProviderName = EncodedName("provider");
    private static readonly byte[] ModelName = EncodedName("model");
    private static readonly byte[] ProviderModelIdName = EncodedName("providerModelId");
    private static readonly byte[] PromptName = EncodedName("prompt");
    private static readonly byte[] SizeName = EncodedName("size");
    private static readonly byte[] TaskIdName = EncodedName("taskId");
    private static readonly byte[] ReviewName = EncodedName("review");
    private static readonly byte[] ReviewReasonName = EncodedName("reviewReason");
    private static readonly byte[] ReviewedByName = EncodedName("reviewedBy");
    private static readonly byte[] ReviewedAtName = EncodedName("reviewedAt");
    private static readonly byte[] OrdinalName = EncodedName("ordinal");
    private static readonly byte[] SeedName = EncodedName("seed");
    private static readonly byte[] AttemptsName = EncodedName("attempts");
    private static readonly byte[] EstimatedCostUsdName = EncodedName("estimatedCostUsd");
    private static readonly byte[] BilledCostUsdName = EncodedName("billedCostUsd");
    private static readonly byte[] BilledImagesName = EncodedName("billedImages");
    private static readonly byte[] GenerationMsName = EncodedName("generationMs");
    private static readonly byte[] TotalMsName = EncodedName("totalMs");
    private static readonly byte[] SimulatedName = EncodedName("simulated");
    private static readonly byte[] SeedHonouredName = EncodedName("seedHonoured");
    private static readonly byte[] VariablesName = EncodedName("variables");
    private static readonly byte[] ErrorKindName = EncodedName("errorKind");
    private static readonly byte[] ErrorCodeName = EncodedName("errorCode");
    private static readonly byte[] ErrorMessageName = EncodedName("errorMessage");
    private static readonly byte[] ImageIndexName = EncodedName("imageIndex");
    private static readonly byte[] VariantName = EncodedName("variant");
    private static readonly byte[] PathName = EncodedName("path");
    private static readonly byte[] FormatName = EncodedName("format");
    private static readonly byte[] WidthName = EncodedName("width");
    private static readonly byte[] HeightName = EncodedName("height");
    private static readonly byte[] BytesName = EncodedName("bytes");
    private static readonly byte[] Sha256Name = EncodedName("sha256");

    private readonly ArrayBufferWriter<byte> _job = new(2048);
    private int _variablesAt;
    private int _reviewAt;
    private ManifestJobCells? _encodedJob;
    private long _encodedVersion;
    private bool _anyRow;

    public ManifestJsonWriter(IBufferWriter<byte> output, OutputHeader header)
    {
        _output = output;
        output.Write("{"u8);
        Name(output, "schemaVersion", 2, first: true);
        output.WriteInvariant(header.SchemaVersion);
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

    /// <summary>One row: <paramref name="job"/>'s properties (encoded once per job) and <paramref name="file"/>'s.</summary>
    public void Write(ManifestJobCells job, ManifestFileCells file)
    {
        if (job.Version != _encodedVersion || !ReferenceEquals(job, _encodedJob))
        {
            EncodeJob(job);
        }

        var o = _output;
        o.Write(_anyRow ? ","u8 : default);
        _anyRow = true;
        o.Write(NewLine);
        o.Write("    {"u8);
        var jobProperties = _job.WrittenSpan;
        o.Write(jobProperties[.._variablesAt]);
        Property(o, ErrorKindName, file, RowText.ErrorKind);
        Property(o, ErrorCodeName, file, RowText.ErrorCode);
        Property(o, ErrorMessageName, file, RowText.ErrorMessage);
        o.Write(jobProperties[_variablesAt.._reviewAt]);
        NumberProperty(o, ImageIndexName, file.ImageIndex);
        Property(o, VariantName, file, RowText.Variant);
        Property(o, PathName, file, RowText.Path);
        Property(o, FormatName, file, RowText.Format);
        NumberProperty(o, WidthName, file.Width);
        NumberProperty(o, HeightName, file.Height);
        NumberProperty(o, BytesName, file.Bytes);
        Property(o, Sha256Name, file, RowText.Sha256);
        o.Write(jobProperties[_reviewAt..]);
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

    private void EncodeJob(ManifestJobCells job)
    {
        _encodedJob = job;
        _encodedVersion = job.Version;
        var b = _job;
        b.ResetWrittenCount();
        Name(b, "jobKey", 6, first: true);
        String(b, job, JobText.JobKey);
        NumberProperty(b, OrdinalName, (long?)job.Ordinal);
        Property(b, StatusName, job, JobText.Status);
        b.Write(SimulatedName);
        Boolean(b, job.Simulated);
        Property(b, ProviderName, job, JobText.Provider);
        Property(b, ModelName, job, JobText.Model);
        Property(b, ProviderModelIdName, job, JobText.ProviderModelId);
        Property(b, PromptName, job, JobText.Prompt);
        Property(b, SizeName, job, JobText.Size);
        NumberProperty(b, SeedName, job.Seed);
        b.Write(SeedHonouredName);
        Boolean(b, job.SeedHonoured);
        Property(b, TaskIdName, job, JobText.TaskId);
        NumberProperty(b, AttemptsName, (int?)job.Attempts);
        NumberProperty(b, EstimatedCostUsdName, (decimal?)job.EstimatedCostUsd);
        NumberProperty(b, BilledCostUsdName, job.BilledCostUsd);
        NumberProperty(b, BilledImagesName, job.BilledImages);
        NumberProperty(b, GenerationMsName, job.GenerationMs);
        NumberProperty(b, TotalMsName, job.TotalMs);
        _variablesAt = b.WrittenCount;
        b.Write(VariablesName);
        b.Write("{"u8);
        var variables = job.Variables;
        for (var i = 0; i < variables.Count; i++)
        {
            b.Write(i > 0 ? ","u8 : default);
            b.Write(NewLine);
            b.Write("        "u8);
            String(b, variables.Name(i));
            b.Write(": "u8);
            String(b, variables.Value(i));
        }

        if (variables.Count > 0)
        {
            b.Write(NewLine);
            b.Write("      "u8);
        }

        b.Write("}"u8);
        _reviewAt = b.WrittenCount;
        Property(b, ReviewName, job, JobText.Review);
        Property(b, ReviewReasonName, job, JobText.ReviewReason);
        Property(b, ReviewedByName, job, JobText.ReviewedBy);
        Property(b, ReviewedAtName, job, JobText.ReviewedAt);
        b.Write(NewLine);
        b.Write("    }"u8);
    }

    /// <summary>What <see cref="Name"/> writes for a row property (indent 6, not first), once.</summary>
    private static byte[] EncodedName(string name)
    {
        var bytes = new ArrayBufferWriter<byte>();
        Name(bytes, name, 6);
        return bytes.WrittenSpan.ToArray();
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

        String(output, Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A cell as a JSON string, or <c>null</c>.</summary>
    private static void String<TCell>(IBufferWriter<byte> output, Utf8Cells<TCell> cells, TCell cell)
        where TCell : struct, Enum
    {
        if (cells.IsNull(cell))
        {
            output.Write("null"u8);
            return;
        }

        String(output, cells[cell]);
    }

    /// <summary>UTF-8 text as a JSON string: as it is when nothing in it needs escaping, else through <see cref="JsonEncodedText"/>.</summary>
    private static void String(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        if (Encoder.FindFirstCharacterToEncodeUtf8(utf8) < 0)
        {
            var span = output.GetSpan(utf8.Length + 2);
            span[0] = (byte)'"';
            utf8.CopyTo(span[1..]);
            span[utf8.Length + 1] = (byte)'"';
            output.Advance(utf8.Length + 2);
            return;
        }

        output.Write("\""u8);
        output.Write(JsonEncodedText.Encode(Encoding.UTF8.GetString(utf8), Encoder).EncodedUtf8Bytes);
        output.Write("\""u8);
    }

    /// <summary>A row property: its name already encoded (<c>,\n      "name": </c>).</summary>
    private static void Property<TCell>(IBufferWriter<byte> output, byte[] name, Utf8Cells<TCell> cells, TCell cell)
        where TCell : struct, Enum
    {
        output.Write(name);
        String(output, cells, cell);
    }

    private static void NumberProperty<T>(IBufferWriter<byte> output, byte[] name, T? value)
        where T : struct, IUtf8SpanFormattable
    {
        output.Write(name);
        Number(output, value);
    }

    private static void Boolean(IBufferWriter<byte> output, bool value) => output.Write(value ? "true"u8 : "false"u8);

    private static void Number<T>(IBufferWriter<byte> output, T? value)
        where T : struct, IUtf8SpanFormattable
    {
        if (value is { } v)
        {
            output.WriteInvariant(v);
        }
        else
        {
            output.Write("null"u8);
        }
    }
}
