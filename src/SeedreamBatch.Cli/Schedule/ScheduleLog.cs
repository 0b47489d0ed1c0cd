using System.Globalization;

namespace SeedreamBatch.Cli.Schedule;

/// <summary>
/// The scheduler's own lines on stdout (journald and <c>kubectl logs</c> read them): UTC time, the pipeline, what
/// happened. One line each, written whole, from any thread.
/// </summary>
internal sealed class ScheduleLog(TextWriter output, TimeProvider time)
{
    private readonly Lock _gate = new();

    public void Write(string pipeline, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyy-MM-dd'T'HH:mm:ss'Z'} schedule {pipeline}: {message}");
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>A due time in the schedule's own zone, with its offset (DST shows).</summary>
    public static string Local(DateTimeOffset utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
}
