using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Pipeline;

namespace SeedreamBatch.Engine.Progress;

/// <summary>Counts what the run finished with and publishes <see cref="RunProgress"/> snapshots. Thread-safe.</summary>
internal sealed class RunProgressTracker(TimeProvider time, BudgetGate budget, long? expectedJobs, IProgress<RunProgress>? sink)
{
    private const int ErrorsKept = 5;

    private readonly Lock _gate = new();
    private readonly Queue<string> _errors = new();
    private readonly long _started = time.GetTimestamp();
    private readonly Dictionary<WorkOutcome, int> _counts = [];
    private int _images;
    private int _partlyDone;
    private int _imagesMissing;
    private int _paidProcessing;
    private int _inFlight;
    private int _takenOver;

    /// <summary>A paid request is going out (until its answer or failure: <see cref="RequestEnded"/>).</summary>
    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    /// <summary>A job was answered and billed; it is downloaded and processed next (until <see cref="PaidProcessed"/>).</summary>
    public void Paid() => Interlocked.Increment(ref _paidProcessing);

    public void PaidProcessed() => Interlocked.Decrement(ref _paidProcessing);

    /// <summary>A job was taken over from another outputs folder of the pipeline (no paid call).</summary>
    public void TakenOver() => Interlocked.Increment(ref _takenOver);

    public int TakenOverCount => Volatile.Read(ref _takenOver);

    private long _errorCount;

    /// <summary>Adds an error line and publishes at once: a retry's wait (a capped Retry-After) must show while it lasts.</summary>
    public void AddError(string line)
    {
        lock (_gate)
        {
            _errorCount++;
            _errors.Enqueue(line);
            while (_errors.Count > ErrorsKept)
            {
                _errors.Dequeue();
            }
        }

        sink?.Report(Snapshot());
    }

    /// <param name="imagesMissing">Images a done job is without (failed at the provider or to download): it is done in part.</param>
    public void Count(WorkOutcome outcome, int imagesGenerated, int imagesMissing = 0)
    {
        lock (_gate)
        {
            _images += imagesGenerated;
            if (imagesMissing > 0)
            {
                _partlyDone++;
                _imagesMissing += imagesMissing;
            }

            _counts[outcome] = _counts.GetValueOrDefault(outcome) + 1;
        }

        sink?.Report(Snapshot());
    }

    /// <summary>How many jobs ended each way, and the images made.</summary>
    public (IReadOnlyDictionary<WorkOutcome, int> Counts, int Images) Totals()
    {
        lock (_gate)
        {
            return (new Dictionary<WorkOutcome, int>(_counts), _images);
        }
    }

    /// <summary>Jobs done (in this run or skipped as done) without some of their images, and the images they are without.</summary>
    public (int PartlyDone, int ImagesMissing) Missing()
    {
        lock (_gate)
        {
            return (_partlyDone, _imagesMissing);
        }
    }

    public RunProgress Snapshot()
    {
        var elapsed = time.GetElapsedTime(_started);
        var spend = budget.Snapshot();
        lock (_gate)
        {
            var minutes = elapsed.TotalMinutes;
            var finished = _counts.Values.Sum();
            TimeSpan? eta = null;

            // From the pace of the jobs that did work (skipped ones take no time) over what is left: a rerun that skips
            // 100 done jobs in a second must not promise the last 10 in the next one.
            var worked = Get(WorkOutcome.Done) + Get(WorkOutcome.Failed);
            if (expectedJobs is { } expected && worked > 0 && elapsed > TimeSpan.Zero)
            {
                eta = elapsed / worked * Math.Max(0, expected - finished);
            }

            return new RunProgress(
                Get(WorkOutcome.Done), Get(WorkOutcome.Failed), Get(WorkOutcome.SkippedDone) + Get(WorkOutcome.SkippedFailed), Get(WorkOutcome.BudgetSkipped), _images, minutes > 0 ? _images / minutes : 0,
                spend.SpentUsd, spend.MaxCostUsd, elapsed, eta, [.. _errors], expectedJobs, _partlyDone, _imagesMissing)
            {
                ErrorCount = _errorCount,
                PaidProcessing = Volatile.Read(ref _paidProcessing),
                InFlight = Volatile.Read(ref _inFlight),
                InFlightUsd = spend.ReservedUsd,
            };
        }
    }

    private int Get(WorkOutcome outcome) => _counts.GetValueOrDefault(outcome);
}
