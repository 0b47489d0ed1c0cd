using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

/// <summary><c>schedule:</c> and <c>notify:</c>: parsed values, and each wrong value one located error.</summary>
public sealed class UnattendedSectionsTests
{
    private static string With(string extra) => ManifestFiles.Minimal + "\n" + extra + "\n";

    [Fact]
    public void Load_Schedule_ParsesCronZoneAndCatchUp()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, With("schedule: { cron: \"30 1 * * *\", timezone: Asia/Shanghai, catch_up: once }"));

        var schedule = pipeline.Schedule!;
        Assert.Equal("30 1 * * *", schedule.Cron);
        Assert.Equal(CatchUpPolicy.Once, schedule.CatchUp);

        // 01:30 in Shanghai (UTC+8) is 17:30 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 17, 30, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Load_ScheduleWithSeconds_ReadsSixFields()
    {
        using var dir = new TempDirectory();
        var schedule = ManifestFiles.LoadValid(dir, With("schedule: { cron: \"*/5 * * * * *\" }")).Schedule!;

        Assert.Equal(TimeZoneInfo.Utc, schedule.TimeZone);
        Assert.Equal(CatchUpPolicy.Skip, schedule.CatchUp);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 5, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("schedule: { cron: \"61 1 * * *\" }", 8, 19, "schedule.cron '61 1 * * *' is not a valid cron expression")]
    [InlineData("schedule: { cron: \"1 * *\" }", 8, 19, "has 3 field(s)")]
    [InlineData("schedule: { cron: \"30 1 * * *\", timezone: Asia/Shanghia }", 8, 43, "schedule.timezone 'Asia/Shanghia' is not a known time zone")]
    [InlineData("schedule: { cron: \"30 1 * * *\", catch_up: all }", 8, 43, "schedule.catch_up 'all' is not one of: skip, once")]
    [InlineData("schedule: { cron: \"30 1 * * *\", cronn: x }", 8, 33, "unknown key 'cronn' in schedule")]
    [InlineData("notify: { webhook: ftp://hooks.example.com/x }", 8, 20, "notify.webhook must be an absolute http:// or https:// URL")]
    [InlineData("notify: { webhook: [https://a.example.com, hooks.example.com] }", 8, 44, "notify.webhook must be an absolute http:// or https:// URL")]
    [InlineData("notify: { healthcheck: \"mailto:x@example.com\" }", 8, 24, "notify.healthcheck must be an absolute http:// or https:// URL")]
    public void Load_BadUnattendedValue_IsOneLocatedError(string yaml, int line, int column, string message)
    {
        using var dir = new TempDirectory();
        var result = ManifestFiles.Load(dir, With(yaml));

        var error = Assert.Single(result.Errors);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Notify_ReadsWebhookListCommandAndHealthcheck()
    {
        using var dir = new TempDirectory();
        var notify = ManifestFiles.LoadValid(dir, With("""
            notify:
              webhook: [https://hooks.example.com/a, "http://127.0.0.1:9/b"]
              command: ./publish.sh
              healthcheck: https://hc-ping.com/uuid
            """)).Notify!;

        Assert.Equal(["https://hooks.example.com/a", "http://127.0.0.1:9/b"], notify.Webhooks.Select(u => u.OriginalString));
        Assert.Equal("./publish.sh", notify.Command);
        Assert.Equal("https://hc-ping.com/uuid", notify.Healthcheck!.OriginalString);
    }
}
