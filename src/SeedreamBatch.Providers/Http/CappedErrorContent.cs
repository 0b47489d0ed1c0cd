using System.Text;

namespace SeedreamBatch.Providers.Http;

/// <summary>The first bytes of an error body, already read: stands in for the network content once it was capped.</summary>
internal sealed class CappedErrorContent(string text) : ByteArrayContent(Encoding.UTF8.GetBytes(text))
{
    public string Text { get; } = text;
}
