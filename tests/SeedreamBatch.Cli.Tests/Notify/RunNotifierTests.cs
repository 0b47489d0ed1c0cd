using System.Text.Json;
using SeedreamBatch.Cli.Notify;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Tests.Notify;

/// <summary>Notifications against a real loopback receiver; retries and timeouts on the fake clock.</summary>
public sealed class RunNotifierTests : IAsyncLifetime
{
    private readonly FakeClock _clock = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly NotifyOptions _options = new();
    private HookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await HookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    private RunNotifier Notifier(params string[] webhooks) =>
        new(new NotifySpec([.. webhooks.Select(_receiver.Url)], null, null, SourceLocation.OfFile("t.yaml")), _http, _clock, _options, Path.GetTempPath());

    private static RunNotice Notice(int exitCode = 0) => new()
    {
        Event = RunNotice.Classify(exitCode).Event,
        Status = RunNotice.Classify(exitCode).Status,
        Pipeline = "nightly",
        ExitCode = exitCode,
        Time = FakeClock.DefaultStart,
        Text = "done",
    };

    [Fact]
    public async Task FinishedAsync_ReceiverAnswers500_RetriedThreeTimesThenOneWarning()
    {
        var sending = Notifier("/bad").FinishedAsync(Notice(), null);

        // The backoff pauses (1 s, 2 s) on the fake clock; the 10 s per-try timeout is never reached.
        for (var pause = 1; pause <= 2; pause *= 2)
        {
            var expected = TimeSpan.FromSeconds(pause);
            await _clock.WaitForTimerAsync(due => due == expected);
            _clock.Advance(expected);
        }

        var warning = Assert.Single(await sending);
        Assert.Equal(3, _receiver.Bodies("/bad").Count());
        Assert.Matches(@"^webhook http://127\.0\.0\.1:\d+/…: HTTP 500 Internal Server Error \(gave up after 3 tries\)$", warning);
    }

    [Fact]
    public async Task FinishedAsync_ReceiverHangs_EachTryTimesOutAndItEndsWithinBounds()
    {
        var sending = Notifier("/hang").FinishedAsync(Notice(), null);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await _receiver.WaitForRequestsAsync(attempt);
            await _clock.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(10));
            _clock.Advance(TimeSpan.FromSeconds(10));
            if (attempt < 3)
            {
                var pause = TimeSpan.FromSeconds(attempt);
                await _clock.WaitForTimerAsync(due => due == pause);
                _clock.Advance(pause);
            }
        }

        var warning = Assert.Single(await sending);
        Assert.Contains("no answer within 10 s (gave up after 3 tries)", warning, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(33), _clock.GetUtcNow() - _clock.Start);
    }

    [Fact]
    public async Task FinishedAsync_ReceiverAnswers404_IsNotRetried()
    {
        var warning = Assert.Single(await Notifier("/gone").FinishedAsync(Notice(), null));

        Assert.Contains("HTTP 404", warning, StringComparison.Ordinal);
        Assert.Single(_receiver.Bodies("/gone"));
    }

    [Fact]
    public async Task FinishedAsync_Healthcheck_PingsStartThenSuccessOrFail()
    {
        var spec = new NotifySpec([], null, _receiver.Url("/hc/uuid"), SourceLocation.OfFile("t.yaml"));
        var notifier = new RunNotifier(spec, _http, _clock, _options, Path.GetTempPath());

        Assert.Empty(await notifier.StartedAsync());
        Assert.Empty(await notifier.FinishedAsync(Notice(0), null));
        Assert.Empty(await notifier.FinishedAsync(Notice(3), null));

        Assert.Equal(["/hc/uuid/start", "/hc/uuid", "/hc/uuid/fail"], _receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task FinishedAsync_Command_GetsTheSummaryPathAndEvent()
    {
        using var dir = new TempDirectory();
        var spec = new NotifySpec([], "printf '%s %s %s' \"$SEEDREAM_SUMMARY\" \"$SEEDREAM_EVENT\" \"$SEEDREAM_EXIT_CODE\" > seen.txt; exit 3", null, SourceLocation.OfFile("t.yaml"));
        var notifier = new RunNotifier(spec, _http, TimeProvider.System, _options, dir.Path);

        var warning = Assert.Single(await notifier.FinishedAsync(Notice(3), "/out/summary.json"));

        Assert.Equal("/out/summary.json budget.reached 3", File.ReadAllText(dir.Combine("seen.txt")));
        Assert.Contains("exited with 3", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void NoticeJson_HasEveryDocumentedField()
    {
        using var json = JsonDocument.Parse(NoticeJson.Serialize(Notice()));

        Assert.Equal(
            ["schema_version", "event", "text", "pipeline", "environment", "status", "exit_code", "counts", "cost_usd", "outputs", "summary", "run_id", "time"],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["done", "failed", "skipped", "images"], json.RootElement.GetProperty("counts").EnumerateObject().Select(p => p.Name));
    }
}
