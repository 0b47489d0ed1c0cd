using System.Security.Cryptography;
using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Engine.Download;

/// <summary>
/// A write-only pass-through that feeds every byte to a hash, so files are hashed while they stream in. Leaves the
/// file open: the caller flushes it and reads its head back.
/// </summary>
internal sealed class HashingStream(Stream inner, IncrementalHash hash) : PassThroughStream(inner, leaveOpen: true)
{
    public override bool CanWrite => true;

    public override void Write(byte[] buffer, int offset, int count)
    {
        hash.AppendData(buffer, offset, count);
        Inner.Write(buffer, offset, count);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        await Inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => Inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);
}
