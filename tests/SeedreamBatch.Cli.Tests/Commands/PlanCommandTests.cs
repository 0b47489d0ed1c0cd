using System.Text.Json;
using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class PlanCommandTests
{
    [Fact]
    public void Plan_Route_CostOnEachProviderInTableAndJson()
    {
        // Seedream 4.5: $0.04 on Ark, $0.037 on Ace Data; 2 jobs.
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "pipeline.yaml");
        File.WriteAllText(path, "version: 1\nname: r\nprovider: [ark, acedata]\nroute: cheapest\nrows: { inline: [ { sku: A }, { sku: B } ] }\nprompt: \"a {{ sku }}\"\nmodels: [seedream-4.5]\nsizes: [2048x2048]\noutputs: { name: \"{{ sku }}\" }\n");

        var (code, output, error) = CliRun.Invoke("plan", path, "--format", "json");
        var (tableCode, table, _) = CliRun.Invoke("plan", path);

        Assert.True(code == 0 && tableCode == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("cheapest", json.RootElement.GetProperty("route").GetProperty("mode").GetString());
        var routes = json.RootElement.GetProperty("models")[0].GetProperty("routes").EnumerateArray()
            .Select(r => (r.GetProperty("provider").GetString(), r.GetProperty("costUsd").GetDecimal())).ToList();
        Assert.Equal([("acedata", 0.074m), ("ark", 0.08m)], routes);
        Assert.Equal(0.08m, json.RootElement.GetProperty("estimatedCostUsd").GetDecimal());
        Assert.Contains("providers ark, acedata (route cheapest", table, StringComparison.Ordinal);
        Assert.Contains("on acedata", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_JsonFormat_IsTheDocumentedShapeWithExactCost()
    {
        var (code, output, error) = CliRun.Invoke("plan", CliRun.RepoPath("pipelines", "catalog.yaml"), "--format", "json", "--show", "2");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(124, root.GetProperty("jobs").GetInt64());
        Assert.Equal(4.96m, root.GetProperty("estimatedCostUsd").GetDecimal());
        Assert.Equal(2, root.GetProperty("firstJobs").GetArrayLength());
        var first = root.GetProperty("firstJobs")[0];
        Assert.Equal(64, first.GetProperty("key").GetString()!.Length);
        Assert.Equal("apparel/TEE-001/studio-2048x2048", first.GetProperty("output").GetString());
        foreach (var name in new[] { "toolVersion", "generatedAt", "pipeline", "manifest", "provider", "dialect", "outputDirectory", "images", "budget", "models", "diagnostics" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public void Plan_Table_ShowsTotalsAndBudgetFit()
    {
        var (code, output, error) = CliRun.Invoke("plan", CliRun.RepoPath("pipelines", "nightly-content.yaml"));

        Assert.True(code == 0, error);
        Assert.Contains("$0.30", output, StringComparison.Ordinal);
        Assert.Contains("budget: $1.00, 30 images → 10 of 10 jobs fit", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Limit_PlansOnlyTheFirstJobs()
    {
        var (code, output, _) = CliRun.Invoke("plan", CliRun.RepoPath("pipelines", "catalog.yaml"), "--format", "json", "--limit", "5");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(5, json.RootElement.GetProperty("jobs").GetInt64());
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--show", "-1")]
    [InlineData("--limit", "0")]
    [InlineData("--bogus", "1")]
    public void Plan_BadFlag_OneLineAndExitTwo(string flag, string value)
    {
        var (code, output, error) = CliRun.Invoke("plan", CliRun.RepoPath("pipelines", "catalog.yaml"), flag, value);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("seedream-batch plan: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", error, StringComparison.Ordinal);
    }
}
