namespace SeedreamBatch.Engine.Throttling;

/// <summary>
/// A concurrency limit that adapts (AIMD): halves when the provider says 429, grows by one after a run of
/// successes, between 1 and the configured ceiling. Waiters are served first come, first served.
/// </summary>
/// <remarks>
/// A burst of 429s from requests sent under the same limit is one signal, not many: each slot remembers the
/// limit's generation when it was taken, and only a 429 from the current generation halves it. Otherwise
/// 32 simultaneous 429s would take the limit from 32 to 1 in one go.
/// </remarks>
internal sealed class AdaptiveConcurrencyLimiter(int ceiling, int successesPerIncrease)
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly int _ceiling = ceiling;
    private readonly int _successesPerIncrease = successesPerIncrease;
    private int _limit = ceiling;
    private int _inUse;
    private int _successes;
    private long _generation;

    public int CurrentLimit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }
    }

    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    /// <summary>Waits for a slot; returns the generation it was granted under.</summary>
    public async ValueTask<long> AcquireAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_inUse < _limit && _waiters.Count == 0)
            {
                _inUse++;
                return _generation;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        try
        {
            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                // Granted between the cancellation and this lock: hand the slot on rather than leak it.
                if (waiter.Task.IsCompletedSuccessfully)
                {
                    _inUse--;
                    GrantWaiters();
                }
                else
                {
                    waiter.TrySetCanceled(cancellationToken);
                }
            }

            throw;
        }

        lock (_gate)
        {
            return _generation;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _inUse--;
            GrantWaiters();
        }
    }

    public void OnSuccess()
    {
        lock (_gate)
        {
            if (++_successes >= _successesPerIncrease && _limit < _ceiling)
            {
                _limit++;
                _successes = 0;
                _generation++;
                GrantWaiters();
            }
        }
    }

    /// <summary>Halves the limit, unless a 429 from the same generation already did.</summary>
    public void OnRateLimited(long generation)
    {
        lock (_gate)
        {
            _successes = 0;
            if (generation != _generation)
            {
                return;
            }

            _limit = Math.Max(1, _limit / 2);
            _generation++;
        }
    }

    private void GrantWaiters()
    {
        while (_inUse < _limit && _waiters.TryDequeue(out var waiter))
        {
            // A cancelled waiter stays in the queue until here; skip it.
            if (waiter.TrySetResult())
            {
                _inUse++;
            }
        }
    }
}
