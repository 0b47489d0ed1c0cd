using System.Text.Json;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>
/// Streams the objects of a top-level JSON array (<c>[ {...}, {...} ]</c>) through a growable buffer with
/// <see cref="Utf8JsonReader"/>, so a 100,000-row file never becomes one DOM. It counts lines and columns itself
/// as the buffer is consumed, because the reader reports positions only in its exceptions.
/// </summary>
internal sealed class JsonArrayRowReader : IDisposable
{
    private readonly string _path;
    private readonly Stream _stream;
    private readonly JsonRowBuilder _builder = new();
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state;
    private bool _sawArray;
    private long _index;
    private SourceLocation? _rowLocation;

    // Line/column (1-based, UTF-16 columns like SourceLocation.Advance) of buffer position _scanned.
    private int _scanned;
    private int _line = 1;
    private int _column = 1;

    public JsonArrayRowReader(string path)
    {
        _path = path;
        _stream = RowFile.OpenStream(path);
        _end = _stream.ReadAtLeast(_buffer, 3, throwOnEndOfStream: false);
        if (_end >= 3 && _buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
        {
            _start = _scanned = 3;
        }
    }

    public bool TryRead(out Row row)
    {
        while (true)
        {
            if (TryReadFromBuffer(out row))
            {
                return true;
            }

            if (_final)
            {
                return false;
            }

            Refill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private bool TryReadFromBuffer(out Row row)
    {
        row = null!;
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        try
        {
            while (reader.Read())
            {
                if (_builder.InObject)
                {
                    var values = _builder.Feed(ref reader, out var error);
                    if (error is not null)
                    {
                        throw RowFile.Error(LocationOf(ref reader), error);
                    }

                    if (values is not null)
                    {
                        row = new Row(values, _rowLocation!, _index++);
                        Commit(ref reader);
                        return true;
                    }
                }
                else if (reader.TokenType == JsonTokenType.StartArray && reader.CurrentDepth == 0)
                {
                    _sawArray = true;
                }
                else if (reader.TokenType == JsonTokenType.StartObject && reader.CurrentDepth == 1)
                {
                    _rowLocation = LocationOf(ref reader);
                    _builder.Start();
                }
                else if (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth != 0)
                {
                    var what = reader.CurrentDepth == 0 && !_sawArray
                        ? "the file must hold a JSON array of objects: [ { ... }, ... ]"
                        : $"array item {_index + 1} is {Describe(reader.TokenType)}, not an object";
                    throw RowFile.Error(LocationOf(ref reader), what);
                }
            }
        }
        catch (JsonException ex)
        {
            throw RowFile.Error(new SourceLocation(_path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1), Trim(ex.Message));
        }
        catch (InvalidOperationException)
        {
            throw RowFile.NotUtf8(LocationOf(ref reader));
        }

        Commit(ref reader);
        return false;
    }

    private void Commit(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void Refill()
    {
        Scan(_start);
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }

        // One token larger than the buffer (a long description): grow rather than fail, up to the limit of one row.
        if (_end == _buffer.Length)
        {
            if (_buffer.Length > Files.InputLimits.RecordBytes)
            {
                Scan(_end);
                throw RowFile.TooLong(_rowLocation ?? new SourceLocation(_path, _line, _column), _builder.InObject ? $"row {_index + 1}" : "a value");
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _final = read == 0;
    }

    private SourceLocation LocationOf(ref Utf8JsonReader reader)
    {
        Scan(_start + (int)reader.TokenStartIndex);
        return new SourceLocation(_path, _line, _column);
    }

    private void Scan(int to)
    {
        for (var i = _scanned; i < to; i++)
        {
            var b = _buffer[i];
            if (b == (byte)'\n')
            {
                _line++;
                _column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // A 4-byte sequence is a surrogate pair: two UTF-16 columns.
                _column += b >= 0xF0 ? 2 : 1;
            }
        }

        _scanned = Math.Max(_scanned, to);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>The reader's message without its own " LineNumber: … | BytePositionInLine: …" suffix.</summary>
    internal static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return "malformed JSON: " + (cut < 0 ? message : message[..cut]);
    }
}
