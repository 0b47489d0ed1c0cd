namespace SeedreamBatch.Core.Rows;

/// <summary>
/// Splits a UTF-8 file into lines as bytes (LF or CRLF; a leading byte-order mark is skipped). Working on bytes
/// keeps JSON Lines a single pass with no decode/re-encode, and lets an invalid-UTF-8 error name its own line —
/// a decoding text reader fails on whole buffers, so its errors would point at the wrong line.
/// </summary>
internal sealed class Utf8LineReader(Stream stream) : IDisposable
{
    private readonly Stream _stream = stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;

    /// <summary>1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without its terminator; valid until the next call.</summary>
    public bool TryReadLine(out ArraySegment<byte> line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0 || (_eof && _start < _end))
            {
                var length = newline >= 0 ? newline : _end - _start;
                var content = length > 0 && _buffer[_start + length - 1] == (byte)'\r' ? length - 1 : length;
                line = new ArraySegment<byte>(_buffer, _start, content);
                _start += newline >= 0 ? length + 1 : length;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                line = default;
                return false;
            }

            Fill();
        }
    }

    public void Dispose() => _stream.Dispose();

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length > Files.InputLimits.RecordBytes)
            {
                // Checked before growing: a 200 MB line (or an endless one) is refused at 1 MiB, not at 2 GB.
                throw new LineTooLongException(LineNumber + 1);
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _eof = read == 0;
        if (!_started && (_end >= 3 || _eof))
        {
            _started = true;
            if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            {
                _start = 3;
            }
        }
    }
}
