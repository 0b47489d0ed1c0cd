namespace SeedreamBatch.Cli.Schedule;

/// <summary><c>--max-runs</c> and <c>--until</c>: when a <c>schedule</c> process ends by itself (tests, one-off catch-ups).</summary>
internal sealed record ScheduleLimits(int? MaxRuns, DateTimeOffset? Until)
{
    public static ScheduleLimits None { get; } = new(null, null);
}
