namespace SeedreamBatch.Providers.Http;

/// <summary>
/// A read-only stream that first returns bytes already read (to look at a body's start) and then the rest of the
/// original stream, so a sniffed body can still be parsed from its first byte.
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, int length, Stream inner) : Stream
{
    private int _offset;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Reads until the first non-whitespace byte (or the end), and returns it (-1 at the end) with a stream that still
    /// starts at the beginning.
    /// </summary>
    public static async Task<(int First, Stream Stream)> SniffAsync(Stream inner, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await inner.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            for (var i = length; i < length + read; i++)
            {
                if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                {
                    return (buffer[i], new PrefixedStream(buffer, length + read, inner));
                }
            }

            length += read;
        }

        return (-1, new PrefixedStream(buffer, length, inner));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_offset < length)
        {
            var n = Math.Min(buffer.Length, length - _offset);
            prefix.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        return inner.Read(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset < length)
        {
            var n = Math.Min(buffer.Length, length - _offset);
            prefix.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
            return ValueTask.FromResult(n);
        }

        return inner.ReadAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
