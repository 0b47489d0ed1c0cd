using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator;

/// <summary>
/// Request counts by dialect and outcome (<c>ok</c>, <c>unauthorized</c>, <c>rate_limited</c>, <c>http_503</c>, <c>reset</c>, ...),
/// and by <c>X-Seedream-Job</c>: how often a client sent a job, whatever the answer (the ledger only sees what was billed).
/// </summary>
public sealed class SimStats
{
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byDialect = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byJob = new(StringComparer.Ordinal);
    private long _requests;
    private long _imagesGenerated;
    private long _downloads;

    public long Requests => Interlocked.Read(ref _requests);

    public long ImagesGenerated => Interlocked.Read(ref _imagesGenerated);

    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Count of requests that ended with <paramref name="outcome"/>.</summary>
    public long Count(string outcome) => _outcomes.TryGetValue(outcome, out var n) ? n : 0;

    /// <summary>A snapshot of every outcome count.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => new Dictionary<string, long>(_outcomes, StringComparer.Ordinal);

    /// <summary>
    /// API requests that arrived carrying <c>X-Seedream-Job</c>, per job (task polls included), counted as they arrive:
    /// before any fault, refusal or answer.
    /// </summary>
    public IReadOnlyDictionary<string, long> RequestsByJob => new Dictionary<string, long>(_byJob, StringComparer.Ordinal);

    /// <summary>API requests that arrived carrying <paramref name="job"/> as their <c>X-Seedream-Job</c>.</summary>
    public long RequestsForJob(string job) => _byJob.TryGetValue(job, out var n) ? n : 0;

    internal void Arrived(string? job)
    {
        if (!string.IsNullOrEmpty(job))
        {
            _byJob.AddOrUpdate(job, 1, (_, n) => n + 1);
        }
    }

    internal void Request(string dialect, string outcome)
    {
        Interlocked.Increment(ref _requests);
        _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        _byDialect.AddOrUpdate(dialect, 1, (_, n) => n + 1);
    }

    internal void Download(string outcome)
    {
        Interlocked.Increment(ref _downloads);
        _outcomes.AddOrUpdate("download_" + outcome, 1, (_, n) => n + 1);
    }

    /// <summary>A callback the simulator sent (outgoing, so not one of <see cref="Requests"/>): <c>callback_delivered</c>, ...</summary>
    internal void Callback(string outcome) => _outcomes.AddOrUpdate("callback_" + outcome, 1, (_, n) => n + 1);

    internal void Images(int count) => Interlocked.Add(ref _imagesGenerated, count);

    internal JsonObject ToJson()
    {
        var outcomes = new JsonObject();
        foreach (var (k, v) in _outcomes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            outcomes[k] = v;
        }

        var dialects = new JsonObject();
        foreach (var (k, v) in _byDialect.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            dialects[k] = v;
        }

        var jobs = new JsonObject();
        foreach (var (k, v) in _byJob.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            jobs[k] = v;
        }

        return new JsonObject
        {
            ["requests"] = Requests,
            ["images_generated"] = ImagesGenerated,
            ["downloads"] = Downloads,
            ["outcomes"] = outcomes,
            ["by_dialect"] = dialects,
            ["by_job"] = jobs,
        };
    }
}
