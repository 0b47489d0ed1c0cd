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
    private long _errorCount;

    /// <summary>Adds an error line and publishes at once: a retry's wait (a capped Retry-After) must show while it lasts.</summary>
    public void AddError(string line)
    {
        lock (_gate)
        {
            _errors.Enqueue(line);
            _errorCount++;
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
            if (expectedJobs is { } expected && finished > 0 && elapsed > TimeSpan.Zero)
            {
                eta = elapsed / finished * Math.Max(0, expected - finished);
            }

            return new RunProgress(
                Get(WorkOutcome.Done), Get(WorkOutcome.Failed), Get(WorkOutcome.SkippedDone) + Get(WorkOutcome.SkippedFailed), Get(WorkOutcome.BudgetSkipped), _images, minutes > 0 ? _images / minutes : 0,
                spend.SpentUsd, spend.MaxCostUsd, elapsed, eta, [.. _errors], expectedJobs, _partlyDone, _imagesMissing)
            {
                ErrorCount = _errorCount,
            };
        }
    }

    private int Get(WorkOutcome outcome) => _counts.GetValueOrDefault(outcome);
}
