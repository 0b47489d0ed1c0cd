using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Commands;

/// <summary>
/// <c>validate</c>, <c>run --dry-run</c> (the plan) and <c>run</c> itself give one verdict on every broken manifest:
/// a manifest that <c>run</c> refuses is never called valid by the commands a user checks it with first.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SharedVerdictTests : IDisposable
{
    private static readonly string Corpus = CliRun.RepoPath("tests", "SeedreamBatch.Core.Tests", "Manifest", "Broken");

    // A copy: should a broken manifest ever be run, it writes into a temporary folder, not the repository.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "seedream-verdict-" + Guid.NewGuid().ToString("N"));

    public SharedVerdictTests() => Copy(Corpus, _folder);

    public static TheoryData<string> BrokenFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Corpus, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task ValidateDryRunAndRun_BrokenManifest_AllExitTwoWithTheSameLocatedErrors(string name)
    {
        var path = Path.Combine(_folder, name);

        var validate = CliRun.Invoke("validate", path);
        var dryRun = CliRun.Invoke("run", path, "--dry-run");
        using var output = new StringWriter();
        using var error = new StringWriter();
        // No key in the environment: were the manifest accepted, it would run on the built-in simulator (free, loopback).
        var run = await new PipelineRunner(TimeProvider.System, output, error).RunAsync(
            new RunRequest { ManifestPath = path, Environment = _ => null }, null, default, default);

        Assert.True((validate.ExitCode, dryRun.ExitCode, run.ExitCode) == (2, 2, 2),
            $"validate {validate.ExitCode}, run --dry-run {dryRun.ExitCode}, run {run.ExitCode}:\n{validate.Error}\n{dryRun.Error}\n{error}");
        Assert.Contains(": error: ", validate.Error, StringComparison.Ordinal);

        // The same verdict in the same words: every command names the same errors at the same places.
        Assert.Equal(ErrorLines(validate.Error), ErrorLines(dryRun.Error));
        Assert.Equal(ErrorLines(validate.Error), ErrorLines(error.ToString()));
    }

    private static List<string> ErrorLines(string text) =>
        [.. text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Contains(": error: ", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal)];

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
