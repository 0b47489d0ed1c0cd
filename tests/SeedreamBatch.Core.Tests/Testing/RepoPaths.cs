namespace SeedreamBatch.Core.Tests.Testing;

/// <summary>Files of the repository (example pipelines, the broken-input corpus, docs) found from the test's bin folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SeedreamBatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SeedreamBatch.sln not found above " + AppContext.BaseDirectory);
    }
}
