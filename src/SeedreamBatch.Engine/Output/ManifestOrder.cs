namespace SeedreamBatch.Engine.Output;

/// <summary>
/// Manifest order across several stores (the shards of one pipeline): each store reads its jobs by (ordinal, key), ordinals
/// being manifest positions the shards share; a k-way merge streams them in that order without holding them.
/// </summary>
public static class ManifestOrder
{
    private static readonly IComparer<(long Ordinal, string Key)> ByOrdinalThenKey = Comparer<(long Ordinal, string Key)>.Create((a, b) =>
        a.Ordinal != b.Ordinal ? a.Ordinal.CompareTo(b.Ordinal) : string.CompareOrdinal(a.Key, b.Key));

    /// <summary>The sources' items merged in (ordinal, key) order, each with the index of the source it came from.</summary>
    public static async IAsyncEnumerable<(int Source, T Item)> MergeAsync<T>(
        IReadOnlyList<IAsyncEnumerable<T>> sources, Func<T, (long Ordinal, string Key)> position,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursors = sources.Select(s => s.GetAsyncEnumerator(cancellationToken)).ToList();
        try
        {
            var queue = new PriorityQueue<int, (long Ordinal, string Key)>(ByOrdinalThenKey);
            for (var i = 0; i < cursors.Count; i++)
            {
                if (await cursors[i].MoveNextAsync().ConfigureAwait(false))
                {
                    queue.Enqueue(i, position(cursors[i].Current));
                }
            }

            while (queue.TryDequeue(out var i, out _))
            {
                yield return (i, cursors[i].Current);
                if (await cursors[i].MoveNextAsync().ConfigureAwait(false))
                {
                    queue.Enqueue(i, position(cursors[i].Current));
                }
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                await cursor.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
