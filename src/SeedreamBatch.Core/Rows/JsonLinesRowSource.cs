using System.Text;
using System.Text.Json;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>
/// JSON Lines: one object per line, blank lines skipped; values as in <see cref="JsonRowBuilder"/>.
/// </summary>
internal sealed class JsonLinesRowSource : IRowSource
{
    private readonly string _path;

    public JsonLinesRowSource(string path)
    {
        _path = path;
    }

    public string Description => $"JSON Lines file '{_path}'";

    public IReadOnlyList<string> Columns() => RowColumns.Union(Read());

    public IEnumerable<Row> Read()
    {
        using var text = RowFile.OpenText(_path);
        var builder = new JsonRowBuilder();
        var lineNumber = 0;
        long index = 0;
        while (ReadLine(text, lineNumber + 1) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ParseLine(builder, line, lineNumber, index++);
            }
        }
    }

    private string? ReadLine(StreamReader text, int lineNumber)
    {
        try
        {
            return text.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            throw RowFile.NotUtf8(new SourceLocation(_path, lineNumber, 0));
        }
    }

    private Row ParseLine(JsonRowBuilder builder, string line, int lineNumber, long index)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
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

            throw RowFile.Error(At(bytes, lineNumber, bytes.Length), "the object is not closed on this line");
        }
        catch (JsonException ex)
        {
            throw RowFile.Error(At(bytes, lineNumber, ex.BytePositionInLine ?? 0), JsonArrayRowReader.Trim(ex.Message));
        }
    }

    private SourceLocation At(byte[] line, int lineNumber, long byteOffset) =>
        new(_path, lineNumber, Encoding.UTF8.GetCharCount(line, 0, (int)Math.Min(byteOffset, line.Length)) + 1);
}
