using System.Text.Json.Nodes;

namespace SeedreamBatch.Providers.Tests.Testing;

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonObject Json => JsonNode.Parse(Body!)!.AsObject();
}
