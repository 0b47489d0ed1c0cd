namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Every key the manifest accepts, per section. The loader rejects anything else, and a test keeps
/// docs/manifest-reference.md and docs/manifest.schema.json in agreement with this list.
/// </summary>
public static class ManifestKeys
{
    public static IReadOnlyList<string> Root { get; } =
    [
        "version", "name", "description", "provider", "route", "providers", "rows", "matrix", "prompt", "references",
        "models", "sizes", "seeds", "repeat", "images_per_job", "watermark", "guidance_scale", "response_format",
        "stream", "optimize_prompt", "output_format", "outputs", "budget", "retry", "pricing", "max_jobs", "files",
        "schedule", "notify", "overlays", "export", "coordination",
    ];

    public static IReadOnlyList<string> Provider { get; } =
    [
        "base_url", "api_key_env", "region", "concurrency", "images_per_minute", "requests_per_minute",
        "timeout_seconds", "poll_interval_seconds", "allow_insecure", "callback_listen", "callback_public_url",
        "create_path", "task_path", "endpoints",
    ];

    public static IReadOnlyList<string> Rows { get; } = ["csv", "json", "jsonl", "inline", "delimiter", "where", "limit"];

    /// <summary>Reserved keys of <c>matrix</c>; every other key is an axis.</summary>
    public static IReadOnlyList<string> MatrixReserved { get; } = ["include", "exclude"];

    public static IReadOnlyList<string> Prompt { get; } = ["file", "inline"];

    public static IReadOnlyList<string> Seeds { get; } = ["start", "count"];

    public static IReadOnlyList<string> Outputs { get; } = ["dir", "name", "variants", "watermark", "strip_metadata", "provenance", "gallery", "csv_bom"];

    public static IReadOnlyList<string> Provenance { get; } = ["ai_label", "job", "prompt"];

    /// <summary><c>export:</c> templates of the shop import files (<c>seedream-batch export</c>).</summary>
    public static IReadOnlyList<string> Export { get; } = ["handle", "alt", "image_base_url"];

    public static IReadOnlyList<string> Variant { get; } =
        ["format", "width", "height", "fit", "crop", "quality", "effort", "background", "watermark"];

    public static IReadOnlyList<string> Watermark { get; } = ["image", "text", "gravity", "opacity", "scale", "margin"];

    public static IReadOnlyList<string> Budget { get; } = ["max_cost_usd", "max_images"];

    public static IReadOnlyList<string> Retry { get; } = ["attempts"];

    /// <summary>Shared limits and budget of shard workers (issue 17).</summary>
    public static IReadOnlyList<string> Coordination { get; } = ["redis", "key_prefix", "lease_seconds"];
    public static IReadOnlyList<string> Files { get; } = ["allow"];
    public static IReadOnlyList<string> Schedule { get; } = ["cron", "timezone", "catch_up"];

    public static IReadOnlyList<string> Notify { get; } = ["webhook", "command", "healthcheck"];

    /// <summary>What an entry of <c>overlays</c> may set: any top-level key but these (an overlay cannot change which file format it is, or hold overlays).</summary>
    public static IReadOnlyList<string> Overlay { get; } = [.. Root.Where(k => k is not ("version" or "overlays"))];

    /// <summary>Every section, by its path in the manifest (for documentation checks).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Sections { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = Root,
        ["providers.<name>"] = Provider,
        ["rows"] = Rows,
        ["matrix"] = MatrixReserved,
        ["prompt"] = Prompt,
        ["seeds"] = Seeds,
        ["outputs"] = Outputs,
        ["outputs.provenance"] = Provenance,
        ["outputs.variants.<name>"] = Variant,
        ["outputs.watermark"] = Watermark,
        ["budget"] = Budget,
        ["retry"] = Retry,
        ["coordination"] = Coordination,
        ["files"] = Files,
        ["schedule"] = Schedule,
        ["notify"] = Notify,
        ["export"] = Export,
    };
}
