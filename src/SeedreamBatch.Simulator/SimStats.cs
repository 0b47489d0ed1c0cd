using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator;

/// <summary>
/// Request counts by dialect and outcome (<c>ok</c>, <c>unauthorized</c>, <c>rate_limited</c>, <c>http_503</c>, <c>reset</c>, ...).
/// <see cref="Requests"/> counts only the API requests the simulator received; file downloads and the callbacks it
/// sent have their own counts (<see cref="Downloads"/>, <see cref="Callbacks"/>) and <c>download_*</c> and
/// <c>callback_*</c> outcomes.
/// <see cref="RequestsByJob"/> counts by <c>X-Seedream-Job</c>: how often a client sent a job, whatever the
/// answer (the ledger only sees what was billed); it keeps the most recent <see cref="SimulatorOptions.HistoryLimit"/>
/// jobs (the oldest job seen is forgotten first), every other count is exact.
/// </summary>
public sealed class SimStats(int keep = SimulatorOptions.DefaultHistoryLimit)
{
    private readonly ConcurrentDictionary<string, long> _outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _byDialect = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private readonly Dictionary<string, long> _byJob = new(StringComparer.Ordinal);
    private readonly Queue<string> _jobsSeen = new();
    private long _requests;
    private long _imagesGenerated;
    private long _downloads;
    private long _callbacks;

    public long Requests => Interlocked.Read(ref _requests);

    public long ImagesGenerated => Interlocked.Read(ref _imagesGenerated);

    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Callbacks sent (counted before each is POSTed, so a receiver that has one sees it counted).</summary>
    public long Callbacks => Interlocked.Read(ref _callbacks);

    /// <summary>Count of requests that ended with <paramref name="outcome"/>.</summary>
    public long Count(string outcome) => _outcomes.TryGetValue(outcome, out var n) ? n : 0;

    /// <summary>A snapshot of every outcome count.</summary>
    public IReadOnlyDictionary<string, long> Outcomes => new Dictionary<string, long>(_outcomes, StringComparer.Ordinal);

    /// <summary>
    /// Completes once <paramref name="outcome"/> has been counted at least <paramref name="count"/> times: for outcomes
    /// only known after the other side saw the exchange end, such as <c>callback_delivered</c> (counted when the
    /// receiver's answer is back).
    /// </summary>
    public async Task WaitForCountAsync(string outcome, long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (Count(outcome) >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// API requests that arrived carrying <c>X-Seedream-Job</c>, per job (task polls included), counted as they arrive:
    /// before any fault, refusal or answer.
    /// </summary>
    public IReadOnlyDictionary<string, long> RequestsByJob
    {
        get
        {
            lock (_byJob)
            {
                return new Dictionary<string, long>(_byJob, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>API requests that arrived carrying <paramref name="job"/> as their <c>X-Seedream-Job</c>.</summary>
    public long RequestsForJob(string job)
    {
        lock (_byJob)
        {
            return _byJob.GetValueOrDefault(job);
        }
    }

    internal void Arrived(string? job)
    {
        if (string.IsNullOrEmpty(job))
        {
            return;
        }

        lock (_byJob)
        {
            if (_byJob.TryGetValue(job, out var n))
            {
                _byJob[job] = n + 1;
                return;
            }

            _byJob[job] = 1;
            _jobsSeen.Enqueue(job);
            if (_jobsSeen.Count > keep)
            {
                _byJob.Remove(_jobsSeen.Dequeue());
            }
        }
    }

    internal void Request(string dialect, string outcome)
    {
        Interlocked.Increment(ref _requests);
        _byDialect.AddOrUpdate(dialect, 1, (_, n) => n + 1);
        Outcome(outcome);
    }

    internal void Download(string outcome)
    {
        Interlocked.Increment(ref _downloads);
        Outcome("download_" + outcome);
    }

    internal void CallbackSent() => Interlocked.Increment(ref _callbacks);

    /// <summary><paramref name="outcome"/>: delivered, rejected or failed.</summary>
    internal void CallbackDone(string outcome) => Outcome("callback_" + outcome);

    internal void Images(int count) => Interlocked.Add(ref _imagesGenerated, count);

    internal JsonObject ToJson() => new()
    {
        ["requests"] = Requests,
        ["images_generated"] = ImagesGenerated,
        ["downloads"] = Downloads,
        ["callbacks"] = Callbacks,
        ["outcomes"] = Sorted(_outcomes),
        ["by_dialect"] = Sorted(_byDialect),
        ["by_job"] = Sorted(RequestsByJob),
    };

    private static JsonObject Sorted(IEnumerable<KeyValuePair<string, long>> counts)
    {
        var json = new JsonObject();
        foreach (var (k, v) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[k] = v;
        }

        return json;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Outcome(string outcome)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }
}
