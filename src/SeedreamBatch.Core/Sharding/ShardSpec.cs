using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SeedreamBatch.Core.Sharding;

/// <summary>
/// One worker's share of a pipeline: shard <see cref="Index"/> of <see cref="Count"/> (<c>run --shard I/N</c>). A job
/// belongs to the shard its key hashes to (<see cref="Of"/>), so every worker, on any machine and in any run, agrees
/// on the split without talking to the others.
/// </summary>
public readonly record struct ShardSpec
{
    /// <summary>The most shards a run may be split into (a Kubernetes Indexed Job allows 100,000 completions).</summary>
    public const int MaxCount = 100_000;

    public ShardSpec(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>0-based, below <see cref="Count"/>.</summary>
    public int Index { get; }

    public int Count { get; }

    /// <summary><c>shard-I-of-N</c>: the name of this shard's state store folder and manifest part.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}");

    /// <summary>
    /// The shard of a job key (64 hex digits, the SHA-256 of the canonical request) among <paramref name="count"/>: its
    /// first 16 hex digits as a big-endian unsigned number, modulo the count. A pure function of the key's text — no
    /// process-local hash (string.GetHashCode is randomised per process), no machine word order — so it is stable
    /// across runs, machines and versions. SHA-256 digits are uniform, so shards get equal shares of any job set.
    /// </summary>
    public static int Of(string jobKey, int count)
    {
        ArgumentNullException.ThrowIfNull(jobKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (jobKey.Length < 16 || !ulong.TryParse(jobKey.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var prefix))
        {
            throw new ArgumentException($"not a job key (64 hex digits): '{jobKey}'", nameof(jobKey));
        }

        return (int)(prefix % (ulong)count);
    }

    public bool Contains(string jobKey) => Of(jobKey, Count) == Index;

    /// <summary>Parses <c>I/N</c> (0 ≤ I &lt; N, 1 ≤ N); on failure says what is wrong in one line.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ShardSpec? shard, [NotNullWhen(false)] out string? error)
    {
        shard = null;
        var parts = (text ?? "").Trim().Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not I/N (shard I of N, counted from 0: 0/4 … 3/4)";
            return false;
        }

        return TryCreate(index, count, out shard, out error);
    }

    /// <summary>Validates index and count; on failure says what is wrong in one line.</summary>
    public static bool TryCreate(int index, int count, [NotNullWhen(true)] out ShardSpec? shard, [NotNullWhen(false)] out string? error)
    {
        shard = null;
        error = CountError(count) ?? (index < 0 || index >= count
            ? string.Create(CultureInfo.InvariantCulture, $"shard index {index} is out of range for {count} shard(s): it must be 0 … {count - 1}")
            : null);
        if (error is not null)
        {
            return false;
        }

        shard = new ShardSpec(index, count);
        return true;
    }

    /// <summary>Null when <paramref name="count"/> is a valid shard count, else why not.</summary>
    public static string? CountError(int count) => count is < 1 or > MaxCount
        ? string.Create(CultureInfo.InvariantCulture, $"the shard count must be 1 … {MaxCount} (got {count})")
        : null;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
