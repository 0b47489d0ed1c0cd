using System.Globalization;

namespace SeedreamBatch.Core.Jobs;

/// <summary>What is fixed for a whole run: when it started (local time, for date-stamped folders) and its id.</summary>
public sealed record RunContext(DateTimeOffset StartedAt, string RunId)
{
    /// <summary><c>--outputs DIR</c>: the outputs folder instead of the rendered <c>outputs.dir</c>; null: rendered.</summary>
    public string? OutputsDirectory { get; init; }

    public string Date => StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Time => StartedAt.ToString("HHmmss", CultureInfo.InvariantCulture);

    /// <summary><c>--date YYYY-MM-DD</c>: <c>run.date</c> of another day (to retry or inspect that day's folder).</summary>
    public RunContext OnDate(DateOnly date) =>
        this with { StartedAt = new DateTimeOffset(date.ToDateTime(TimeOnly.FromTimeSpan(StartedAt.TimeOfDay)), StartedAt.Offset) };

    public static RunContext Start(TimeProvider time)
    {
        var now = time.GetLocalNow();
        return new RunContext(now, now.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
    }
}
