using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Dialects;

/// <summary>An error as a dialect puts it on the wire.</summary>
internal sealed record SimErrorResponse(int Status, JsonNode Body);
