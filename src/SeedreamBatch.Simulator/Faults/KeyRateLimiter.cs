using System.Collections.Concurrent;

namespace SeedreamBatch.Simulator.Faults;

/// <summary>
/// Sliding one-minute windows per API key, on the injected clock, so the Retry-After it computes is exact
/// and a test can advance a fake clock past it instead of sleeping.
/// </summary>
internal sealed class KeyRateLimiter(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Queue<(DateTimeOffset At, int Weight)>> _windows = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="weight"/> units from the key's window; returns null when allowed, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string bucket, int limit, int weight)
    {
        if (limit <= 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var queue = _windows.GetOrAdd(bucket, _ => new Queue<(DateTimeOffset, int)>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek().At + Window <= now)
            {
                queue.Dequeue();
            }

            var used = queue.Sum(e => e.Weight);
            if (used + weight <= limit)
            {
                queue.Enqueue((now, weight));
                return null;
            }

            // Wait until enough of the oldest entries leave the window (at least one second, as headers round up).
            var need = used + weight - limit;
            var freed = 0;
            var until = now + Window;
            foreach (var e in queue)
            {
                freed += e.Weight;
                if (freed >= need)
                {
                    until = e.At + Window;
                    break;
                }
            }

            var wait = until - now;
            return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        }
    }
}
