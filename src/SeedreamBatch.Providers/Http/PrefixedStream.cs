using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Providers.Http;

/// <summary>
/// A read-only stream that first returns bytes already read (to look at a body's start), then the rest of the
/// original stream, then an optional suffix, so a sniffed body can still be parsed from its first byte.
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, int length, Stream inner, ReadOnlyMemory<byte> suffix) : PassThroughStream(inner)
{
    private int _offset;
    private ReadOnlyMemory<byte> _suffix = suffix;

    public override bool CanRead => true;

    /// <summary>
    /// Reads until the first non-whitespace byte (or the end), and returns it (-1 at the end) with a stream that still
    /// starts at the beginning and ends with <paramref name="suffix"/>.
    /// </summary>
    public static async Task<(int First, Stream Stream)> SniffAsync(Stream inner, CancellationToken cancellationToken, ReadOnlyMemory<byte> suffix = default)
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
                    return (buffer[i], new PrefixedStream(buffer, length + read, inner, suffix));
                }
            }

            length += read;
        }

        return (-1, new PrefixedStream(buffer, length, inner, suffix));
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

        var read = Inner.Read(buffer);
        return read > 0 || buffer.IsEmpty ? read : TakeSuffix(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset < length)
        {
            var n = Math.Min(buffer.Length, length - _offset);
            prefix.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return read > 0 || buffer.IsEmpty ? read : TakeSuffix(buffer.Span);
    }

    private int TakeSuffix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, _suffix.Length);
        _suffix.Span[..n].CopyTo(buffer);
        _suffix = _suffix[n..];
        return n;
    }
}
