namespace SeedreamBatch.Core.Files;

/// <summary>
/// The shared frame of our one-way stream wrappers (a file snapshot, a sniffed HTTP body, a hashing writer): a
/// non-seekable stream over another, where whatever a subclass does not override is not supported.
/// </summary>
/// <param name="inner">The wrapped stream.</param>
/// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
public abstract class PassThroughStream(Stream inner, bool leaveOpen = false) : Stream
{
    /// <summary>The wrapped stream.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
