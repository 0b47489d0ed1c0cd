using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace SeedreamBatch.Install.Tests;

/// <summary>
/// The packed dotnet tool installed into a fresh tool path runs <c>pipelines/catalog.yaml</c> on the simulator.
/// Packs the Release build the solution build made (no second compile), into a private NuGet cache so no stale
/// copy of the same version can be picked up.
/// </summary>
public sealed class ToolPackageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ToolInstall_FromPackedArtifact_RunsTheCatalogOnTheSimulator()
    {
        using var dir = new TempDirectory();
        var artifacts = dir.Combine("artifacts");
        var tools = dir.Combine("tools");
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = dir.Combine("nuget"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["ARK_API_KEY"] = null,
        };
        var clock = Stopwatch.StartNew();

        var cli = RepoRoot.Of("src", "SeedreamBatch.Cli", "SeedreamBatch.Cli.csproj");
        await RunAsync("dotnet", ["pack", cli, "-c", "Release", "--no-build", "-o", artifacts, "--nologo"], environment);
        var package = Assert.Single(Directory.GetFiles(artifacts, "SeedreamBatch.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["SeedreamBatch.".Length..];
        output.WriteLine($"pack: {clock.Elapsed.TotalSeconds:0.0} s ({new FileInfo(package).Length / 1_000_000.0:0.0} MB)");

        await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", artifacts, "SeedreamBatch", "--version", version], environment);
        output.WriteLine($"install: {clock.Elapsed.TotalSeconds:0.0} s");
        var exe = Path.Combine(tools, "seedream-batch");
        Assert.True(File.Exists(exe), "the tool command is 'seedream-batch'");

        // The catalog as shipped, copied with the templates it reads so that its pipeline ledger
        // (pipelines/.seedream/) is the test's own: a catalog the developer ran from the repo would otherwise count
        // as already made. Outputs in the temp folder; the first 8 of its 124 jobs keep CI fast.
        var copy = dir.Combine("repo");
        CopyTree(RepoRoot.Of("pipelines"), Path.Combine(copy, "pipelines"));
        CopyTree(RepoRoot.Of("templates"), Path.Combine(copy, "templates"));
        var outputs = dir.Combine("out");
        var (_, stdout, _) = await RunAsync(exe, ["run", Path.Combine(copy, "pipelines", "catalog.yaml"), "--limit", "8", "--set", $"outputs.dir={outputs}", "--no-color"], environment);
        output.WriteLine($"run: {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Contains("running against the built-in simulator", stdout, StringComparison.Ordinal);
        Assert.Contains("Done: 8 done, 0 failed", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outputs, "summary.json")));
        Assert.Equal(8, Directory.GetFiles(outputs, "*.web.webp", SearchOption.AllDirectories).Length);
    }

    /// <summary>Copies the tracked kind of content: every file but the state a run leaves (<c>.seedream/</c>, <c>out/</c>).</summary>
    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is ".seedream" or "out"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(string file, IEnumerable<string> args, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(limit.Token);
        var (o, e) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, new StringBuilder().AppendLine($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}").AppendLine(o).AppendLine(e).ToString());
        return (process.ExitCode, o, e);
    }
}
