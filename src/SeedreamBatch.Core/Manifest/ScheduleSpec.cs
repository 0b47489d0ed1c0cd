using Cronos;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary><c>schedule:</c> when <c>seedream-batch schedule</c> runs the pipeline.</summary>
/// <param name="Cron">The expression as written (5 fields, or 6 with seconds first).</param>
/// <param name="Expression">The parsed expression; occurrences are computed in <paramref name="TimeZone"/> as Cronos documents (DST included).</param>
/// <param name="TimeZone">The zone the expression is read in (UTC unless given).</param>
public sealed record ScheduleSpec(string Cron, CronExpression Expression, TimeZoneInfo TimeZone, CatchUpPolicy CatchUp, SourceLocation Location)
{
    /// <summary>The first due time strictly after <paramref name="after"/>, or null when the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Expression.GetNextOccurrence(after.ToUniversalTime().UtcDateTime, TimeZone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
}
