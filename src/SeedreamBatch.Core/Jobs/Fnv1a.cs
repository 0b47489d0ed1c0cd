using System.Numerics;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// 64-bit FNV-1a, for "have I seen this in this run" sets over a million jobs: 8 bytes per item instead of
/// the item. Never stored or compared across processes.
/// </summary>
internal static class Fnv1a
{
    /// <summary>The hash of a sequence of bytes or UTF-16 code units, one unit per step.</summary>
    public static ulong Hash<T>(ReadOnlySpan<T> units)
        where T : IBinaryInteger<T>
    {
        var hash = 14695981039346656037UL;
        foreach (var unit in units)
        {
            hash = (hash ^ ulong.CreateTruncating(unit)) * 1099511628211UL;
        }

        return hash;
    }
}
