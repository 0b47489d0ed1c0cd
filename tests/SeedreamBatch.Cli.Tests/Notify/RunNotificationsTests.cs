using System.Text.Json;
using SeedreamBatch.Cli.Notify;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Run;

namespace SeedreamBatch.Cli.Tests.Notify;

/// <summary>A real run (simulator over loopback) with notify: pointed at a real local receiver.</summary>
public sealed class RunNotificationsTests
{
    [Fact]
    public async Task RunAsync_WebhooksAndHealthcheck_OneJsonPerRunAndAFailedHookIsAWarningNotAFailure()
    {
        await using var receiver = await HookReceiver.StartAsync();
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        File.AppendAllText(f.ManifestPath, $"""
            notify:
              webhook: ["{receiver.Url("/ok")}", "{receiver.Url("/bad")}"]
              healthcheck: "{receiver.Url("/hc/uuid")}"

            """);
        var request = new RunRequest
        {
            ManifestPath = f.ManifestPath,
            NotifyOptions = new NotifyOptions { BaseDelay = TimeSpan.FromMilliseconds(1), AttemptTimeout = TimeSpan.FromSeconds(20) },
        };

        var result = await f.RunAsync(request);

        // The run's own result, whatever the receivers did.
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var body = JsonDocument.Parse(Assert.Single(receiver.Bodies("/ok")));
        var root = body.RootElement;
        Assert.Equal("run.finished", root.GetProperty("event").GetString());
        Assert.Equal("cli-test", root.GetProperty("pipeline").GetString());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal(0, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(3, root.GetProperty("counts").GetProperty("done").GetInt32());
        Assert.Equal(3, root.GetProperty("counts").GetProperty("images").GetInt32());
        Assert.Equal(result.Outcome!.BilledCostUsd, root.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(result.OutputDirectory, root.GetProperty("outputs").GetString());
        Assert.Equal(result.RunId, root.GetProperty("run_id").GetString());
        Assert.StartsWith(":white_check_mark: seedream-batch cli-test: Done: 3 done", root.GetProperty("text").GetString(), StringComparison.Ordinal);

        Assert.Equal(3, receiver.Bodies("/bad").Count());
        Assert.Equal(["/hc/uuid/start", "/hc/uuid"], receiver.Requests.Where(r => r.Path.StartsWith("/hc", StringComparison.Ordinal)).Select(r => r.Path));

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "summary.json")));
        var warning = Assert.Single(summary.RootElement.GetProperty("notifications").EnumerateArray());
        Assert.Contains("HTTP 500", warning.GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Contains("warning: notify: webhook http://127.0.0.1", f.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/bad", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BudgetReached_SendsBudgetReachedAndExits3()
    {
        await using var receiver = await HookReceiver.StartAsync();
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 6, concurrency: 1, maxCostUsd: 0.05m);
        File.AppendAllText(f.ManifestPath, $"notify: {{ webhook: \"{receiver.Url("/ok")}\" }}\n");

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.BudgetReached, result.ExitCode);
        using var body = JsonDocument.Parse(Assert.Single(receiver.Bodies("/ok")));
        Assert.Equal("budget.reached", body.RootElement.GetProperty("event").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("exit_code").GetInt32());
    }
}
