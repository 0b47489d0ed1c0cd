using System.Text.Json;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Run;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Cli.Tests.Commands;

/// <summary><c>plan --shards</c>, the shard flags and variables, and the one-split-per-folder rule.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ShardCommandTests
{
    [Fact]
    public void Plan_ShardsJson_SharesAddUpToThePlan()
    {
        var (code, output, error) = CliRun.Invoke("plan", CliRun.RepoPath("pipelines", "catalog.yaml"), "--format", "json", "--shards", "4");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var shards = json.RootElement.GetProperty("shards").EnumerateArray().ToList();
        Assert.Equal(["0/4", "1/4", "2/4", "3/4"], shards.Select(s => s.GetProperty("shard").GetString()));
        Assert.Equal(124, shards.Sum(s => s.GetProperty("jobs").GetInt64()));
        Assert.Equal(4.96m, shards.Sum(s => s.GetProperty("estimatedCostUsd").GetDecimal()));
        Assert.All(shards, s => Assert.InRange(s.GetProperty("jobs").GetInt64(), 20, 42));
    }

    [Theory]
    [InlineData("--shard", "4/4", "seedream-batch run: --shard: shard index 4 is out of range for 4 shard(s): it must be 0 … 3")]
    [InlineData("--shard", "0/0", "seedream-batch run: --shard: the shard count must be 1 … 100000 (got 0)")]
    [InlineData("--shards", "0", "seedream-batch run: --shards 0 needs the shard index: --shard I/0, or JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job)")]
    public void Run_BadShard_OneLineExitTwo(string flag, string value, string expected)
    {
        var (code, output, error) = CliRun.Invoke("run", CliRun.RepoPath("pipelines", "catalog.yaml"), flag, value);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal(expected, error.Trim());
        Assert.DoesNotContain("simulator", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 4, "2", null, "2/4")]
    [InlineData(null, 4, "4", null, "error: --shards 4 with JOB_COMPLETION_INDEX=4: shard index 4 is out of range for 4 shard(s): it must be 0 … 3")]
    [InlineData(null, 0, "0", null, "error: --shards 0 with JOB_COMPLETION_INDEX=0: the shard count must be 1 … 100000 (got 0)")]
    [InlineData(null, 4, "x", null, "error: JOB_COMPLETION_INDEX='x' is not a shard index (0, 1, 2, …)")]
    [InlineData(null, null, null, "1/3", "1/3")]
    [InlineData(null, null, null, "3/3", "error: SEEDREAM_SHARD: shard index 3 is out of range for 3 shard(s): it must be 0 … 2")]
    [InlineData("0/2", null, "1", "1/3", "0/2")]
    [InlineData("0/2", 4, null, null, "error: --shard 0/2 and --shards 4 disagree on the shard count")]
    [InlineData(null, null, "1", null, "none")]
    public void TryResolve_FlagsAndVariables_ShardOrOneLine(string? shard, int? shards, string? index, string? variable, string expected)
    {
        var environment = new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = index, ["SEEDREAM_SHARD"] = variable };

        var ok = ShardSelection.TryResolve(shard, shards, name => environment.GetValueOrDefault(name), out var result, out var error);

        Assert.Equal(expected, ok ? result?.ToString() ?? "none" : "error: " + error);
    }

    [Fact]
    public async Task Run_FolderOfAnotherSplit_ExitTwoBeforeAnyCall()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 6);
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Shard = new ShardSpec(0, 2) })).ExitCode);
        var charges = f.Simulator.Ledger.Charges.Count;

        var other = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Shard = new ShardSpec(0, 3) });
        var whole = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath });

        Assert.Equal(ExitCodes.InvalidInput, other.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, whole.ExitCode);
        Assert.Contains("holds shards of another split (shard-0-of-2)", f.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("holds the state of a sharded run (shard-0-of-2)", f.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
    }
}
