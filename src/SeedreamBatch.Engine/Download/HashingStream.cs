using System.Security.Cryptography;
using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Engine.Download;

/// <summary>
/// A write-only pass-through that feeds every byte to a hash, so files are hashed while they stream in, and keeps the
/// first <paramref name="headBytes"/> bytes (the format sniffer's input) so the file need not be read back. Leaves the
/// file open: the caller flushes it to disk.
/// </summary>
/// <remarks>
/// Writes to the file synchronously, also from <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>: a write
/// into the page cache takes microseconds, while an "async" file write on Unix is a hop to another thread-pool thread and
/// back for every buffer (measured: bench/README.md, "Engine").
/// </remarks>
internal sealed class HashingStream(Stream inner, IncrementalHash hash, int headBytes = 0) : PassThroughStream(inner, leaveOpen: true)
{
    // Pooled: a 256 KB array per download would land in the large object heap and bring gen-2 collections.
    private byte[] _head = headBytes == 0 ? [] : System.Buffers.ArrayPool<byte>.Shared.Rent(headBytes);

    /// <summary>The first bytes written (up to the requested count).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, HeadLength);

    public override bool CanWrite => true;

    private int HeadLength { get; set; }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        if (HeadLength < headBytes)
        {
            var take = Math.Min(buffer.Length, headBytes - HeadLength);
            buffer[..take].CopyTo(_head.AsSpan(HeadLength));
            HeadLength += take;
        }

        Inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _head.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(_head);
            _head = [];
            HeadLength = 0;
        }

        base.Dispose(disposing);
    }
}
