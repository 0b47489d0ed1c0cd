namespace SeedreamBatch.Install.Tests;

/// <summary>The repository's folder, found from the test's bin folder.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string Of(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SeedreamBatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SeedreamBatch.sln not found");
    }
}
