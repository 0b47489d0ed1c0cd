using System.Globalization;
using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// Which shard a <c>run</c> works on: <c>--shard I/N</c>; else <c>--shards N</c> with Kubernetes' <c>JOB_COMPLETION_INDEX</c>
/// (an Indexed Job sets it per pod); else <c>SEEDREAM_SHARD=I/N</c>; else none (the whole manifest).
/// </summary>
internal static class ShardSelection
{
    public const string ShardVariable = "SEEDREAM_SHARD";

    public const string CompletionIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The shard, or null for all jobs; false with one line when something given is wrong (exit 2).</summary>
    public static bool TryResolve(string? shardOption, int? shardsOption, Func<string, string?> environment, out ShardSpec? shard, out string? error)
    {
        shard = null;
        error = null;
        if (shardOption is not null)
        {
            if (!ShardSpec.TryParse(shardOption, out shard, out var problem))
            {
                error = $"--shard: {problem}";
                return false;
            }

            if (shardsOption is { } n && n != shard.Value.Count)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"--shard {shardOption} and --shards {n} disagree on the shard count");
                shard = null;
                return false;
            }

            return true;
        }

        if (shardsOption is { } count)
        {
            var index = environment(CompletionIndexVariable);
            if (string.IsNullOrWhiteSpace(index))
            {
                error = $"--shards {count} needs the shard index: --shard I/{count}, or {CompletionIndexVariable} (set by a Kubernetes Indexed Job)";
                return false;
            }

            if (!int.TryParse(index.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                error = $"{CompletionIndexVariable}='{index}' is not a shard index (0, 1, 2, …)";
                return false;
            }

            if (!ShardSpec.TryCreate(i, count, out shard, out var problem))
            {
                error = $"--shards {count} with {CompletionIndexVariable}={index}: {problem}";
                return false;
            }

            return true;
        }

        if (environment(ShardVariable) is { Length: > 0 } fromEnvironment)
        {
            if (!ShardSpec.TryParse(fromEnvironment, out shard, out var problem))
            {
                error = $"{ShardVariable}: {problem}";
                return false;
            }
        }

        return true;
    }
}
