using SeedreamBatch.Simulator.Profiles;

namespace SeedreamBatch.Simulator.Tests;

public sealed class ProfileTests
{
    [Fact]
    public void Apply_FlakyExampleProfile_SetsEveryKnob()
    {
        var options = new SimulatorOptions();
        SimProfileLoader.Apply(Path.Combine(RepoRoot(), "pipelines/sim-profiles/flaky.yaml"), options);

        Assert.Equal(LatencyDistribution.LogNormal(TimeSpan.FromSeconds(1.5), 0.5), options.Faults.RequestLatency);
        Assert.Equal(120, options.Faults.RequestsPerMinute);
        Assert.Equal(0.03, options.Faults.Error503Rate);
        Assert.Equal(0.01, options.Faults.RateLimitedRate);
        Assert.Equal(0.01, options.Faults.CorruptImageRate);
        Assert.Equal(42, options.RandomSeed);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void ApplyYaml_RateLimitedFault_SetsRateAndRetryAfter()
    {
        var options = new SimulatorOptions();

        SimProfileLoader.ApplyYaml("errors:\n  rate_limited: 0.05\n  rate_limited_retry_after: 3s\n", options);

        Assert.Equal(0.05, options.Faults.RateLimitedRate);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Faults.RateLimitedRetryAfter);
    }

    [Fact]
    public void ApplyYaml_UnknownKey_FailsWithLine()
    {
        var e = Assert.Throws<FormatException>(() => SimProfileLoader.ApplyYaml("errors:\n  http_999: 1\n", new SimulatorOptions(), "p.yaml"));

        Assert.StartsWith("p.yaml:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyYaml_BadLatency_FailsWithReason()
    {
        var e = Assert.Throws<FormatException>(() => SimProfileLoader.ApplyYaml("latency:\n  request: gaussian:1s\n", new SimulatorOptions()));

        Assert.Contains("unknown kind", e.Message, StringComparison.Ordinal);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SeedreamBatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
