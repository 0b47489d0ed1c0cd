using System.Collections.Concurrent;

namespace SeedreamBatch.Simulator.Images;

/// <summary>
/// Rendered bytes by content key, bounded in bytes with first-in-first-out eviction: a re-download or a
/// repeated seeded request costs nothing, and an evicted picture is simply drawn again (same bytes).
/// </summary>
internal sealed class ImageCache(ISimImageRenderer renderer, long maxBytes)
{
    private readonly ConcurrentDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _bytes;

    public byte[] Get(ImageSpec spec)
    {
        var key = spec.ContentKey;
        if (_entries.TryGetValue(key, out var hit))
        {
            return hit;
        }

        var bytes = renderer.Render(spec);
        if (_entries.TryAdd(key, bytes))
        {
            _order.Enqueue(key);
            Interlocked.Add(ref _bytes, bytes.Length);
            while (Interlocked.Read(ref _bytes) > maxBytes && _order.TryDequeue(out var old))
            {
                if (_entries.TryRemove(old, out var gone))
                {
                    Interlocked.Add(ref _bytes, -gone.Length);
                }
            }
        }

        return bytes;
    }
}
