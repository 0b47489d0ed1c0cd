namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Variables the engine defines for every job. Row columns and matrix axes are also reachable as
/// <c>row.&lt;column&gt;</c> and <c>matrix.&lt;axis&gt;</c>, so a catalog column called <c>size</c> is never lost.
/// </summary>
public static class BuiltInVariables
{
    /// <summary>Known once per run: usable everywhere, including <c>outputs.dir</c>.</summary>
    public static IReadOnlyList<string> Run { get; } = ["run.date", "run.time", "run.name"];

    /// <summary>Known per job, before the request exists: usable in prompts and references.</summary>
    public static IReadOnlyList<string> Request { get; } = ["model", "model_id", "provider", "size", "seed", "repeat", "row.index"];

    /// <summary>Known once the request is fixed: usable in output names only (the key hashes the prompt).</summary>
    public static IReadOnlyList<string> Output { get; } = ["job.key", "job.index"];

    /// <summary>Names a row column or matrix axis may not take without being shadowed.</summary>
    public static IReadOnlySet<string> ShadowingNames { get; } =
        new HashSet<string>(Request.Concat(Output).Concat(Run).Where(n => !n.Contains('.', StringComparison.Ordinal)), StringComparer.Ordinal);
}
