using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class ValidateCommandTests
{
    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CliRun.RepoPath("tests", "SeedreamBatch.Core.Tests", "Manifest", "Broken"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Validate_BrokenManifest_ExitsTwoWithLocatedLinesAndNoStackTrace(string path)
    {
        var (code, _, error) = CliRun.Invoke("validate", path);

        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains(": error: ", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("catalog.yaml", "124 jobs")]
    [InlineData("seeded-regeneration.yaml", "72 jobs")]
    [InlineData("nightly-content.yaml", "10 jobs")]
    public void Validate_ExamplePipeline_ExitsZeroAndCountsJobs(string file, string jobs)
    {
        var (code, _, error) = CliRun.Invoke("validate", CliRun.RepoPath("pipelines", file));

        Assert.True(code == 0, error);
        Assert.Contains($"valid, {jobs}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_OneLineExitTwo()
    {
        var (code, _, error) = CliRun.Invoke("validate", "/nonexistent/pipeline.yaml");

        Assert.Equal(2, code);
        Assert.StartsWith("/nonexistent/pipeline.yaml: error: manifest file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralFiles_ExitCodeIsTheWorst()
    {
        var good = CliRun.RepoPath("pipelines", "nightly-content.yaml");
        var bad = CliRun.RepoPath("tests", "SeedreamBatch.Core.Tests", "Manifest", "Broken", "unknown-model.yaml");

        Assert.Equal(2, CliRun.Invoke("validate", good, bad).ExitCode);
    }
}
