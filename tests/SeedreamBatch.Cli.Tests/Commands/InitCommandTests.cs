using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class InitCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "seedream-init-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Init_EmptyFolder_WritesAPipelineThatValidatesAndPlans()
    {
        var (code, _, error) = CliRun.Invoke("init", _dir);

        Assert.True(code == 0, error);
        var manifest = Path.Combine(_dir, "pipeline.yaml");
        Assert.True(File.Exists(Path.Combine(_dir, "catalog.csv")));
        Assert.True(File.Exists(Path.Combine(_dir, "templates", "product.txt")));
        var validate = CliRun.Invoke("validate", manifest);
        Assert.True(validate.ExitCode == 0, validate.Error);
        Assert.Contains("valid, 6 jobs (0 errors, 0 warnings)", validate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_ExistingFiles_RefusesWithoutForceAndKeepsThem()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "pipeline.yaml"), "mine");

        var (code, _, error) = CliRun.Invoke("init", _dir);

        Assert.Equal(2, code);
        Assert.Contains("already exist", error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(_dir, "pipeline.yaml")));
        Assert.Equal(0, CliRun.Invoke("init", _dir, "--force").ExitCode);
        Assert.NotEqual("mine", File.ReadAllText(Path.Combine(_dir, "pipeline.yaml")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
