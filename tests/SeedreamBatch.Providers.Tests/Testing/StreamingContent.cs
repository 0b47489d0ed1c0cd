using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;

namespace SeedreamBatch.Providers.Tests.Testing;

/// <summary>An HTTP body the test writes piece by piece, to prove images are handed on before the stream ends.</summary>
internal sealed class StreamingContent : HttpContent
{
    private readonly Pipe _pipe = new();

    public StreamingContent() => Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");

    public void Write(string text)
    {
        _pipe.Writer.Write(Encoding.UTF8.GetBytes(text));
        _pipe.Writer.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public void Complete() => _pipe.Writer.Complete();

    public void Fail(Exception error) => _pipe.Writer.Complete(error);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(_pipe.Reader.AsStream());

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _pipe.Reader.CopyToAsync(stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
