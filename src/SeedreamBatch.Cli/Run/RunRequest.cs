using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.Throttling;

namespace SeedreamBatch.Cli.Run;

/// <summary>What <c>run</c> was asked to do: the manifest and the flags.</summary>
internal sealed record RunRequest
{
    public required string ManifestPath { get; init; }

    /// <summary><c>--env</c> and <c>--set</c>: what the manifest is read with.</summary>
    public ManifestOverrides Overrides { get; init; } = ManifestOverrides.None;

    /// <summary><c>--provider</c>: another provider than the manifest's; <c>sim</c> runs the built-in simulator.</summary>
    public string? Provider { get; init; }

    /// <summary><c>--limit</c>: only the first N jobs.</summary>
    public long? Limit { get; init; }

    /// <summary><c>--concurrency</c>: overrides the provider's <c>concurrency</c>.</summary>
    public int? Concurrency { get; init; }

    /// <summary><c>--max-cost</c>: overrides the manifest's <c>budget.max_cost_usd</c>.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>How hard <c>notify:</c> targets are tried (tests shorten it).</summary>
    public Notify.NotifyOptions NotifyOptions { get; init; } = new();

    public bool RetryFailed { get; init; }

    /// <summary><c>--verify</c>: hash every recorded file on rerun (<see cref="Engine.Pipeline.RunOptions.Verify"/>).</summary>
    public bool Verify { get; init; }

    public bool RetryUnknown { get; init; }

    public bool Force { get; init; }

    /// <summary><c>--only</c>: run just the jobs it selects (done ones are still skipped, as always).</summary>
    public JobSelection? Only { get; init; }

    /// <summary><c>redo</c>: the items to generate again, by manifest job key; every other job is left alone.</summary>
    public IReadOnlyDictionary<string, RedoItem>? Redo { get; init; }

    /// <summary><c>--sim-faults</c>: a simulator profile (docs/simulator.md) for the embedded simulator.</summary>
    public string? SimFaultsPath { get; init; }

    /// <summary><c>--require-key</c>: a missing API key is an error (exit 2), never a fallback to the simulator.</summary>
    public bool RequireKey { get; init; }

    /// <summary><c>--csv-bom</c>: manifest.csv starts with a UTF-8 BOM (as <c>outputs.csv_bom: true</c>).</summary>
    public bool CsvBom { get; init; }

    /// <summary><c>--outputs DIR</c>: this outputs folder instead of the rendered <c>outputs.dir</c>.</summary>
    public string? OutputsDirectory { get; init; }

    /// <summary><c>--date YYYY-MM-DD</c>: render <c>run.date</c> as this day (retry or inspect that day's folder).</summary>
    public DateOnly? Date { get; init; }

    /// <summary><c>--shard I/N</c> (or <c>--shards N</c> with JOB_COMPLETION_INDEX, or SEEDREAM_SHARD): only this shard's jobs; null: all.</summary>
    public SeedreamBatch.Core.Sharding.ShardSpec? Shard { get; init; }

    /// <summary>Where API keys (and <c>SEEDREAM_REQUIRE_KEY</c>) are read; tests pass their own.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>First pause before the engine retries a job (tests shorten it). Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The longest pause of every submission after a 429, whatever its <c>Retry-After</c> (tests shorten it, so a run
    /// with many 429s does not wait out whole seconds). Default 5 min.
    /// </summary>
    public TimeSpan MaxRateLimitPause { get; init; } = new ThrottleOptions().MaxRateLimitPause;
}
