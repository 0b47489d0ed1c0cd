using System.Collections.Concurrent;
using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Files;

/// <summary>
/// Issued result URLs. Only the spec is kept (bytes come from the cache or are redrawn), so millions of
/// URLs stay cheap. Expired entries answer 403 for one more TTL, then are forgotten and answer 404.
/// </summary>
internal sealed class FileStore(TimeProvider time, TimeSpan ttl)
{
    private readonly ConcurrentDictionary<string, FileEntry> _files = new(StringComparer.Ordinal);
    private long _issued;

    public string Register(ImageSpec spec)
    {
        var id = Guid.NewGuid().ToString("N") + "." + (spec.Format == "png" ? "png" : "jpeg");
        var now = time.GetUtcNow();
        _files[id] = new FileEntry(spec, now + ttl);
        if (Interlocked.Increment(ref _issued) % 10_000 == 0)
        {
            Purge(now);
        }

        return id;
    }

    public FileEntry? Find(string id) => _files.TryGetValue(id, out var e) ? e : null;

    public bool IsExpired(FileEntry entry) => time.GetUtcNow() >= entry.ExpiresAt;

    private void Purge(DateTimeOffset now)
    {
        foreach (var (id, entry) in _files)
        {
            if (entry.ExpiresAt + ttl < now)
            {
                _files.TryRemove(id, out _);
            }
        }
    }
}
