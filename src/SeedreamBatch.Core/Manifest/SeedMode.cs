namespace SeedreamBatch.Core.Manifest;

public enum SeedMode
{
    None,
    List,
    Auto,
}
