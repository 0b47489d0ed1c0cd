using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Commands;

/// <summary>Each wrong value of the unattended features is one located line and exit 2, whichever command reads it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UnattendedInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Manifest(string extra = "") => _dir.Write("pipeline.yaml", $"""
        version: 1
        name: nightly
        provider: sim
        prompt: "a red mug"
        models: [seedream-4.0]
        sizes: [1024x1024]
        outputs: {"{"} dir: out, name: "{"{{"} job.key {"}}"}" {"}"}
        overlays:
          prod: {"{"} provider: ark {"}"}
        {extra}
        """);

    [Theory]
    [InlineData("schedule: { cron: \"30 1 * *\" }", "validate", ":10:19: error: schedule.cron '30 1 * *' has 4 field(s)")]
    [InlineData("schedule: { cron: \"30 1 * * *\", timezone: Mars/Olympus }", "schedule", ":10:43: error: schedule.timezone 'Mars/Olympus' is not a known time zone")]
    [InlineData("notify: { webhook: \"file:///etc/passwd\" }", "run", ":10:20: error: notify.webhook must be an absolute http:// or https:// URL")]
    public void Command_BadUnattendedValue_OneLocatedLineExit2(string extra, string command, string expected)
    {
        var (code, _, error) = CliRun.Invoke(command, Manifest(extra));

        Assert.Equal(ExitCodes.InvalidInput, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(": error: ", StringComparison.Ordinal));
        Assert.EndsWith(expected, line.Split(" (did you mean")[0].Split("; use an IANA")[0].Split("; give 5")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("run")]
    [InlineData("validate")]
    public void Command_UnknownEnv_OneLocatedLineExit2(string command)
    {
        var (code, _, error) = CliRun.Invoke(command, Manifest(), "--env", "staging");

        Assert.Equal(ExitCodes.InvalidInput, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(": error: ", StringComparison.Ordinal));
        Assert.EndsWith(":8:1: error: --env staging: no overlay 'staging' in overlays; defined: prod", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("run")]
    [InlineData("validate")]
    public void Command_SetOnMissingKey_OneLocatedLineExit2(string command)
    {
        var (code, _, error) = CliRun.Invoke(command, Manifest(), "--set", "budget.max_costs=5");

        Assert.Equal(ExitCodes.InvalidInput, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(": error: ", StringComparison.Ordinal));
        Assert.StartsWith("--set:1:8: error: unknown key 'max_costs' in budget", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShowEffective_PrintsTheMergedManifest()
    {
        var (code, output, error) = CliRun.Invoke("validate", Manifest(), "--env", "prod", "--set", "budget.max_cost_usd=25", "--show-effective");

        Assert.True(code == 0, error);
        Assert.Contains("# effective manifest: ", output, StringComparison.Ordinal);
        Assert.Contains("with --env prod --set budget.max_cost_usd=25", output, StringComparison.Ordinal);
        Assert.Contains("provider: ark", output, StringComparison.Ordinal);
        Assert.Contains("max_cost_usd: 25", output, StringComparison.Ordinal);
        Assert.DoesNotContain("overlays", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Schedule_ManifestWithoutSchedule_IsALocatedErrorExit2()
    {
        var (code, _, error) = CliRun.Invoke("schedule", Manifest(), "--list");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(":1:1: error: no schedule: section", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduleList_ShowsTheNextThreeRunTimesInTheZone()
    {
        var (code, output, error) = CliRun.Invoke("schedule", Manifest("schedule: { cron: \"30 1 * * *\", timezone: Asia/Shanghai }"), "--list");

        Assert.True(code == 0, error);
        Assert.Contains("nightly: '30 1 * * *' in Asia/Shanghai, catch_up skip", output, StringComparison.Ordinal);
        Assert.Contains("last run:  never", output, StringComparison.Ordinal);
        Assert.Equal(3, output.Split('\n').Count(l => l.Contains(" 01:30:00 +08:00  (", StringComparison.Ordinal)));
    }

    [Fact]
    public void Schedule_BadUntil_Exit2()
    {
        var (code, _, error) = CliRun.Invoke("schedule", Manifest("schedule: { cron: \"30 1 * * *\" }"), "--until", "tomorrow");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("--until 'tomorrow' is neither", error, StringComparison.Ordinal);
    }
}
