using System.Globalization;
using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Cli.Run;

/// <summary>Shard workers without Redis: each takes 1/N of the limits and budget (one split per folder is RunFolder's rule).</summary>
internal static class ShardedFolder
{
    /// <summary>
    /// 1/N of each limit (rounded down, at least one per minute) and of the budget (rounded down to the micro-dollar; images
    /// rounded down): together the N workers never exceed the whole.
    /// </summary>
    public static (BudgetOptions Budget, ThrottleOptions Throttle) Split(BudgetOptions budget, ThrottleOptions throttle, int count)
    {
        static int? PerShard(int? limit, int count) => limit is { } l ? Math.Max(1, l / count) : null;
        var splitBudget = new BudgetOptions
        {
            MaxCostUsd = budget.MaxCostUsd is { } usd ? Math.Floor(usd / count * 1_000_000m) / 1_000_000m : null,
            MaxImages = budget.MaxImages is { } images ? images / count : null,
        };
        var splitThrottle = new ThrottleOptions
        {
            MaxConcurrency = throttle.MaxConcurrency,
            RequestsPerMinute = PerShard(throttle.RequestsPerMinute, count),
            ImagesPerMinute = PerShard(throttle.ImagesPerMinute, count),
            SuccessesPerIncrease = throttle.SuccessesPerIncrease,
            DefaultRateLimitPause = throttle.DefaultRateLimitPause,
            MaxRateLimitPause = throttle.MaxRateLimitPause,
        };
        return (splitBudget, splitThrottle);
    }

    public static string DescribeSplit(ShardSpec shard, BudgetOptions budget, ThrottleOptions throttle)
    {
        var parts = new List<string>();
        if (throttle.ImagesPerMinute is { } ipm)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{ipm} images/min"));
        }

        if (throttle.RequestsPerMinute is { } rpm)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rpm} requests/min"));
        }

        if (budget.MaxCostUsd is { } usd)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"budget ${usd}"));
        }

        if (budget.MaxImages is { } images)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{images} images"));
        }

        var limits = parts.Count == 0 ? "no limits to split" : string.Join(", ", parts);
        return string.Create(CultureInfo.InvariantCulture, $"Shard {shard} ({shard.Name}) without coordination: 1/{shard.Count} of the limits — {limits}.");
    }
}
