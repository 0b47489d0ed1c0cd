using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>
/// JSON Lines: one object per line, blank lines skipped; values as in <see cref="JsonRowBuilder"/>.
/// </summary>
internal sealed class JsonLinesRowSource(string path) : IRowSource
{
    private readonly string _path = path;

    public string Description => $"JSON Lines file '{_path}'";

    public IReadOnlyList<string> Columns() => RowColumns.Union(Read());

    public IEnumerable<Row> Read()
    {
        using var lines = new Utf8LineReader(RowFile.OpenStream(_path));
        var builder = new JsonRowBuilder();
        long index = 0;
        while (TryReadLine(lines, out var line))
        {
            if (!IsBlank(line))
            {
                yield return ParseLine(builder, line, lines.LineNumber, index++);
            }
        }
    }

    private bool TryReadLine(Utf8LineReader lines, out ArraySegment<byte> line)
    {
        try
        {
            return lines.TryReadLine(out line);
        }
        catch (LineTooLongException e)
        {
            throw RowFile.TooLong(new SourceLocation(_path, e.Line, 0), "the line");
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private Row ParseLine(JsonRowBuilder builder, ArraySegment<byte> bytes, int lineNumber, long index)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw RowFile.NotUtf8(new SourceLocation(_path, lineNumber, 0));
        }

        var reader = new Utf8JsonReader(bytes, isFinalBlock: true, state: default);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw RowFile.Error(At(bytes, lineNumber, reader.TokenStartIndex), "each line must be one JSON object: { ... }");
            }

            var location = At(bytes, lineNumber, reader.TokenStartIndex);
            builder.Start();
            while (reader.Read())
            {
                var values = builder.Feed(ref reader, out var error);
                if (error is not null)
                {
                    throw RowFile.Error(At(bytes, lineNumber, reader.TokenStartIndex), error);
                }

                if (values is not null)
                {
                    // A second value on the line makes the reader throw (it reads one top-level value only).
                    reader.Read();
                    return new Row(values, location, index);
                }
            }

            throw RowFile.Error(At(bytes, lineNumber, bytes.Count), "the object is not closed on this line");
        }
        catch (JsonException ex)
        {
            throw RowFile.Error(At(bytes, lineNumber, ex.BytePositionInLine ?? 0), JsonArrayRowReader.Trim(ex.Message));
        }
    }

    private SourceLocation At(ArraySegment<byte> line, int lineNumber, long byteOffset) =>
        new(_path, lineNumber, Encoding.UTF8.GetCharCount(line.AsSpan(0, (int)Math.Min(byteOffset, line.Count))) + 1);
}
