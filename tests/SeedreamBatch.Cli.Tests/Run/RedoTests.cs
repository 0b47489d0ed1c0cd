using SeedreamBatch.Cli.Commands;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary><c>redo</c> and <c>run --only</c> against the simulator's billing ledger: what is paid, what is kept.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RedoTests
{
    // The catalog's first ten products (eight with studio and lifestyle shots, two socks with studio shots only) in
    // two sizes: 36 jobs of 4-megapixel images. The whole catalog (124 jobs) cost 46 CPU-seconds and proved no more.
    private const int CatalogProducts = 10;
    private const int CatalogJobs = 36;

    [Fact]
    public async Task Redo_WhereOnTheCatalog_PaysExactlyTheSelectedJobsKeepsHistoryAndAPlainRunPaysNothing()
    {
        await using var f = await RunFixture.StartAsync();
        var manifest = CopyCatalog(f);
        var first = await f.RunAsync(new RunRequest { ManifestPath = manifest });
        Assert.Equal(CatalogJobs, first.Outcome!.Done);
        var outputs = first.OutputDirectory!;
        var before = f.Simulator.Ledger.Charges.Count;
        var output = new StringWriter();

        var code = await RedoCommand.ExecuteAsync(
            new RedoCommand.Arguments { ManifestPath = manifest, Where = ["sku=TEE-001", "style=studio"], Yes = true },
            TimeProvider.System, output, f.Error, confirm: null,
            async request => (await f.RunAsync(request)).ExitCode);

        Assert.Equal(0, code);
        var redone = f.Simulator.Ledger.Charges.Skip(before).Select(c => c.Job!).ToList();
        using (var reader = StateReader.Open(StateStore.PathFor(outputs)))
        {
            var selected = reader.ReadReviewItems(new Engine.Review.ReviewFilter
            {
                Variables = new Dictionary<string, string> { ["sku"] = "TEE-001", ["style"] = "studio" },
            }).ToList();
            Assert.Equal(2, selected.Count);
            Assert.Equal(selected.Select(s => s.Job.JobKey).Order(), redone.Order());
            Assert.All(selected, s => Assert.Equal((1, (Engine.Review.ReviewDecision?)null, JobStatus.Done), (s.Versions, s.Job.Review, s.Job.Status)));
            var history = reader.GetVersions(selected[0].Job.JobKey).Single();
            Assert.All(history.Outputs, o => Assert.True(File.Exists(Path.Combine(outputs, o.Path)), o.Path));
            Assert.NotEqual(history.Seed, selected[0].Job.Seed);
        }

        Assert.Equal(6, Directory.GetFiles(Path.Combine(outputs, "history", "v1", "apparel", "TEE-001")).Length);
        Assert.Contains("Redo 2 items (new seed): estimated $0.08", output.ToString(), StringComparison.Ordinal);
        var charges = f.Simulator.Ledger.Charges.Count;

        var plain = await f.RunAsync(new RunRequest { ManifestPath = manifest });

        Assert.Equal((0, CatalogJobs), (plain.ExitCode, plain.Outcome!.SkippedDone));
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
    }

    [Fact]
    public async Task Redo_WithoutATerminalOrYes_PaysNothingAndSaysWhy()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        await f.RunAsync();
        var charges = f.Simulator.Ledger.Charges.Count;
        var error = new StringWriter();

        var code = await RedoCommand.ExecuteAsync(
            new RedoCommand.Arguments { ManifestPath = f.ManifestPath, Where = ["item=item 1"] },
            TimeProvider.System, TextWriter.Null, error, confirm: null, _ => throw new InvalidOperationException("must not run"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("seedream-batch redo: not confirmed: without a terminal, pass --yes to pay for this redo. Nothing was changed.", error.ToString().Trim());
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
    }

    [Fact]
    public async Task RunOnly_OneVariableValue_PaysForThoseJobsOnly()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 5);

        var result = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Only = JobSelection.Parse("--only", ["item=item 3"], [], out _) });

        Assert.Equal((0, 1), (result.ExitCode, result.Outcome!.Done));
        Assert.Single(f.Simulator.Ledger.ImagesByJob());
    }

    [Theory]
    [InlineData("redo", "--where", "skux=1", "seedream-batch redo: --where skux=1: unknown variable 'skux' (the jobs have: item)")]
    [InlineData("redo", "--where", "item", "seedream-batch redo: --where 'item': expected name=value (a job variable, e.g. --where sku=SKU-017)")]
    [InlineData("run", "--only", "colour=red", "seedream-batch run: --only colour=red: unknown variable 'colour' (the jobs have: item)")]
    public async Task Selection_BadCondition_IsOneLineAndExit2(string command, string option, string value, string expected)
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 2);

        var (code, _, error) = CliRun.Invoke(command, f.ManifestPath, option, value);

        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
        Assert.Empty(f.Simulator.Ledger.Charges);
    }

    /// <summary>pipelines/catalog.yaml with its data and template, pointed at the fixture's simulator.</summary>
    private static string CopyCatalog(RunFixture f)
    {
        var pipelines = Path.Combine(f.Root, "pipelines");
        Directory.CreateDirectory(Path.Combine(pipelines, "data"));
        Directory.CreateDirectory(Path.Combine(f.Root, "templates"));
        File.WriteAllLines(
            Path.Combine(pipelines, "data", "spring-catalog.csv"),
            File.ReadLines(CliRun.RepoPath("pipelines", "data", "spring-catalog.csv")).Take(1 + CatalogProducts));
        File.Copy(CliRun.RepoPath("templates", "product-hero.txt"), Path.Combine(f.Root, "templates", "product-hero.txt"));
        var yaml = File.ReadAllText(CliRun.RepoPath("pipelines", "catalog.yaml"))
            .Replace("https://ark.ap-southeast.bytepluses.com", f.Simulator.BaseUri.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("api_key_env: ARK_API_KEY", "api_key_env: " + RunFixture.KeyVariable, StringComparison.Ordinal)
            .Replace("concurrency: 8", "concurrency: 16", StringComparison.Ordinal)
            // Pacing is not what these tests are about.
            .Replace("images_per_minute: 500", "images_per_minute: 60000", StringComparison.Ordinal);
        var path = Path.Combine(pipelines, "catalog.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
