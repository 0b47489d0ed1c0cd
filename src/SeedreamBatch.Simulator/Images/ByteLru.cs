namespace SeedreamBatch.Simulator.Images;

/// <summary>Encoded pictures by key, at most <paramref name="maxBytes"/> in all; the least recently used go first.</summary>
internal sealed class ByteLru<TKey>(long maxBytes)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, byte[] Bytes)>> _entries = [];
    private readonly LinkedList<(TKey Key, byte[] Bytes)> _recent = new();

    public long Bytes { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The kept bytes of <paramref name="key"/>, or <paramref name="make"/>'s (made outside the lock: two racing makers make the same bytes).</summary>
    public byte[] GetOrAdd(TKey key, Func<TKey, byte[]> make)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var hit))
            {
                _recent.Remove(hit);
                _recent.AddFirst(hit);
                return hit.Value.Bytes;
            }
        }

        var bytes = make(key);
        lock (_gate)
        {
            if (bytes.Length > maxBytes || _entries.ContainsKey(key))
            {
                return bytes;
            }

            _entries[key] = _recent.AddFirst((key, bytes));
            Bytes += bytes.Length;
            while (Bytes > maxBytes && _recent.Last is { } old)
            {
                _recent.RemoveLast();
                _entries.Remove(old.Value.Key);
                Bytes -= old.Value.Bytes.Length;
            }
        }

        return bytes;
    }
}
