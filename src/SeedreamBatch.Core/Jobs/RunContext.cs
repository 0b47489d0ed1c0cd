using System.Globalization;

namespace SeedreamBatch.Core.Jobs;

/// <summary>What is fixed for a whole run: when it started (local time, for date-stamped folders) and its id.</summary>
public sealed record RunContext(DateTimeOffset StartedAt, string RunId)
{
    public string Date => StartedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Time => StartedAt.ToString("HHmmss", CultureInfo.InvariantCulture);

    public static RunContext Start(TimeProvider time)
    {
        var now = time.GetLocalNow();
        return new RunContext(now, now.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
    }
}
