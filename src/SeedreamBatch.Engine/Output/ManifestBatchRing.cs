using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// Manifest batches handed from the one thread reading the store to the encoders (manifest.csv, manifest.json: a thread
/// each) through a ring of a few batches. A thread waits only when the ring is full (the reader) or empty (an encoder),
/// and then blocks on a monitor: no spinning. The reports of a million jobs had each batch's encoding started as two
/// thread-pool tasks and awaited; the pool's idle workers spun for work between batches (218,180 <c>sched_yield</c> calls,
/// CPU taken from the three threads doing the work on a two-core machine).
/// </summary>
internal sealed class ManifestBatchRing
{
    private readonly ManifestBatch[] _batches;
    private readonly object _gate = new();

    /// <summary>Per encoder: how many batches it has encoded.</summary>
    private readonly long[] _encoded;

    /// <summary>How many batches the reader has filled.</summary>
    private long _filled;

    /// <summary>The reader has no more batches.</summary>
    private bool _ended;

    /// <summary>A thread failed: nobody waits any longer.</summary>
    private bool _stopped;

    public ManifestBatchRing(int batches, int encoders)
    {
        _batches = new ManifestBatch[batches];
        for (var i = 0; i < batches; i++)
        {
            _batches[i] = new ManifestBatch();
        }

        _encoded = new long[encoders];
    }

    /// <summary>
    /// The reader's loop: fills batch after batch from <paramref name="rows"/> until there are none; returns how many rows.
    /// </summary>
    public long Read(ManifestCellReader rows, CancellationToken cancellationToken)
    {
        long count = 0;
        try
        {
            bool more;
            do
            {
                var batch = NextToFill();
                if (batch is null)
                {
                    return count;
                }

                cancellationToken.ThrowIfCancellationRequested();
                more = batch.Fill(rows);
                count += batch.Count;
                if (batch.Count > 0)
                {
                    Publish();
                }
            }
            while (more);

            End();
            return count;
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>Encoder <paramref name="encoder"/>'s loop: has <paramref name="encode"/> encode each batch in order, until the end.</summary>
    public void Encode(int encoder, Action<ManifestBatch> encode)
    {
        try
        {
            while (NextToEncode(encoder) is { } batch)
            {
                encode(batch);
                Encoded(encoder);
            }
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>The batch to fill next, once every encoder is done with what it held; null when stopped.</summary>
    private ManifestBatch? NextToFill()
    {
        lock (_gate)
        {
            while (!_stopped && _filled - SlowestEncoder() >= _batches.Length)
            {
                Monitor.Wait(_gate);
            }

            return _stopped ? null : _batches[_filled % _batches.Length];
        }
    }

    /// <summary>The batch from <see cref="NextToFill"/> is full: the encoders may take it.</summary>
    private void Publish()
    {
        lock (_gate)
        {
            _filled++;
            Monitor.PulseAll(_gate);
        }
    }

    private void End()
    {
        lock (_gate)
        {
            _ended = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>The next batch for <paramref name="encoder"/> once filled; null at the end (or when stopped).</summary>
    private ManifestBatch? NextToEncode(int encoder)
    {
        lock (_gate)
        {
            while (!_stopped && !_ended && _encoded[encoder] == _filled)
            {
                Monitor.Wait(_gate);
            }

            return _stopped || _encoded[encoder] == _filled ? null : _batches[_encoded[encoder] % _batches.Length];
        }
    }

    private void Encoded(int encoder)
    {
        lock (_gate)
        {
            _encoded[encoder]++;

            // Only the reader waits for an encoder, and only when the ring is full.
            Monitor.PulseAll(_gate);
        }
    }

    private long SlowestEncoder()
    {
        var slowest = _encoded[0];
        for (var i = 1; i < _encoded.Length; i++)
        {
            slowest = Math.Min(slowest, _encoded[i]);
        }

        return slowest;
    }
}
