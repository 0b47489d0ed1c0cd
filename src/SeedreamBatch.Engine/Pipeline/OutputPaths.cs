namespace SeedreamBatch.Engine.Pipeline;

/// <summary>Output paths as recorded: relative to the outputs folder, forward slashes on every OS.</summary>
internal static class OutputPaths
{
    public static string Relative(string outputsDirectory, string path) =>
        Path.GetRelativePath(outputsDirectory, path).Replace('\\', '/');
}
