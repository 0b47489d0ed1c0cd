using System.Text.RegularExpressions;
using System.Text.Unicode;
using CsvHelper;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>
/// A CSV catalog (RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks). The first record is
/// the header; every name must be non-empty and unique. Values are kept exactly as written — no trimming — because
/// leading spaces or case can be meaningful in prompts; use the <c>trim</c> filter where they are not. Blank lines are
/// skipped. Every record must have as many fields as the header.
/// </summary>
internal sealed partial class CsvRowSource(string path, CsvRowOptions options) : IRowSource
{
    private readonly string _path = path;
    private readonly CsvRowOptions _options = options;

    public string Description => $"CSV file '{_path}'";

    public IReadOnlyList<string> Columns()
    {
        using var reader = Open();
        return ReadHeader(reader);
    }

    public IEnumerable<Row> Read()
    {
        using var reader = Open();
        var header = ReadHeader(reader);
        long index = 0;
        while (TryReadRecord(reader, out var line))
        {
            var at = new SourceLocation(_path, line, 0);
            if (reader.FieldCount != header.Length)
            {
                throw RowFile.Error(at, $"expected {header.Length} fields as in the header, got {reader.FieldCount}");
            }

            var values = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                values[header[i]] = reader.GetString(i);
            }

            yield return new Row(values, at, index++);
        }
    }

    private CsvReader Open()
    {
        var options = new CsvReaderOptions
        {
            Separator = _options.DetectDelimiter ? null : _options.Delimiter,
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            TrimWhitespace = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MaxRecordSize = Files.InputLimits.RecordBytes,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        return CsvReader.Create(RowFile.OpenStream(_path), options, false);
    }

    private string[] ReadHeader(CsvReader reader)
    {
        string[] header;
        try
        {
            header = [.. reader.Headers];
        }
        catch (CsvFormatException ex)
        {
            throw Malformed(ex);
        }

        var at = new SourceLocation(_path, 1, 0);
        if (header.Length == 0)
        {
            throw RowFile.Error(SourceLocation.OfFile(_path), "the file is empty: a header row naming the columns is required");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<Diagnostic>();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                problems.Add(Diagnostic.Error(at, $"header column {i + 1} has no name"));
            }
            else if (!seen.TryAdd(header[i], i))
            {
                problems.Add(Diagnostic.Error(at, $"header column {i + 1} '{header[i]}' repeats column {seen[header[i]] + 1}"));
            }
        }

        return problems.Count > 0 ? throw new InputException(problems) : header;
    }

    /// <summary>Moves to the next record; <paramref name="line"/> is where it starts (a quoted multi-line field spans more).</summary>
    private bool TryReadRecord(CsvReader reader, out int line)
    {
        line = 0;
        try
        {
            if (!reader.Read())
            {
                return false;
            }
        }
        catch (CsvFormatException ex)
        {
            throw Malformed(ex);
        }

        line = (int)reader.LineNumber;

        // The reader decodes invalid bytes as U+FFFD; a catalog in a legacy code page must fail, not garble prompts.
        return Utf8.IsValid(reader.RawRecord) ? true : throw RowFile.NotUtf8(new SourceLocation(_path, line, 0));
    }

    /// <summary>
    /// One line at the record's first line, pointing at its first quote: CsvHelper notices a bad quote only where the
    /// quoted field ends, often lines later, so its byte offset and its "in record N (line N)" would only repeat or mislead.
    /// </summary>
    private InputException Malformed(CsvFormatException ex)
    {
        var line = (int)ex.LineNumber;
        if (ex.Message.Contains("MaxRecordSize", StringComparison.Ordinal))
        {
            // Never read that line again to point at its quote: it is the huge one.
            return RowFile.TooLong(new SourceLocation(_path, line, 0), "the record");
        }

        var reason = CsvHelperDetail().Replace(ex.Message, "").TrimEnd('.', ' ');
        var text = File.ReadLines(_path).Skip(line - 1).FirstOrDefault() ?? "";
        var quote = text.IndexOf('"', StringComparison.Ordinal);
        var hint = quote >= 0 ? "; a quote in this record is not closed, or a quote inside a field is not doubled (\"\")" : "";
        return RowFile.Error(new SourceLocation(_path, line, quote + 1), $"malformed CSV: {reason}{hint}");
    }

    [GeneratedRegex(@"^Malformed CSV in record \d+ \(line \d+\): | \(byte offset \d+\)")]
    private static partial Regex CsvHelperDetail();
}
