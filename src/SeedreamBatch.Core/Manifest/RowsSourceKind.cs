namespace SeedreamBatch.Core.Manifest;

public enum RowsSourceKind
{
    Csv,
    Json,
    JsonLines,
    Inline,
}
