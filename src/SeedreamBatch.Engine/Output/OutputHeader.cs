namespace SeedreamBatch.Engine.Output;

/// <summary>The fields every output file starts with (docs/output-schema.md).</summary>
/// <param name="SchemaVersion">Bumped on any incompatible change to the files' shape.</param>
/// <param name="GeneratedAt">When the file was written (UTC, ISO 8601).</param>
public sealed record OutputHeader(int SchemaVersion, string ToolVersion, string RunId, DateTimeOffset GeneratedAt)
{
    public const int CurrentSchemaVersion = 1;

    public string GeneratedAtText => GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
