using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// Manifest batches handed from the threads reading the store to the encoders (manifest.csv, manifest.json: a thread
/// each) through a ring of a few batches per reader. A thread waits only when its ring is full (a reader) or the next
/// batch is not read yet (an encoder), and then blocks on a monitor: no spinning. The reports of a million jobs had each
/// batch's encoding started as two thread-pool tasks and awaited; the pool's idle workers spun for work between batches
/// (218,180 <c>sched_yield</c> calls, CPU taken from the threads doing the work on a two-core machine).
/// </summary>
/// <remarks>
/// With several readers each reads every other chunk of ordinals (<see cref="ManifestCellReader.Chunk"/>) and a batch
/// holds rows of one chunk only; the encoders take, of the readers' next batches, the one of the lowest chunk, so the
/// rows come out in manifest order.
/// </remarks>
internal sealed class ManifestBatchRing
{
    private readonly Lane[] _lanes;
    private readonly object _gate = new();

    /// <summary>A thread failed: nobody waits any longer.</summary>
    private bool _stopped;

    public ManifestBatchRing(int readers, int batchesPerReader, int encoders)
    {
        _lanes = new Lane[readers];
        for (var i = 0; i < readers; i++)
        {
            _lanes[i] = new Lane(batchesPerReader, encoders);
        }
    }

    /// <summary>
    /// Reader <paramref name="reader"/>'s loop: fills batch after batch from <paramref name="rows"/> until there are none;
    /// returns how many rows.
    /// </summary>
    public long Read(int reader, ManifestCellReader rows, CancellationToken cancellationToken)
    {
        var lane = _lanes[reader];
        var byChunk = _lanes.Length > 1;
        long count = 0;
        try
        {
            bool more;
            do
            {
                var batch = NextToFill(lane);
                if (batch is null)
                {
                    return count;
                }

                cancellationToken.ThrowIfCancellationRequested();
                more = batch.Fill(rows, byChunk);
                count += batch.Count;
                if (batch.Count > 0)
                {
                    Publish(lane);
                }
            }
            while (more);

            End(lane);
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
            while (NextToEncode(encoder) is { } next)
            {
                encode(next.Batch);
                Encoded(next.Lane, encoder);
            }
        }
        catch
        {
            Stop();
            throw;
        }
    }

    /// <summary>The batch to fill next, once every encoder is done with what it held; null when stopped.</summary>
    private ManifestBatch? NextToFill(Lane lane)
    {
        lock (_gate)
        {
            while (!_stopped && lane.Full)
            {
                Monitor.Wait(_gate);
            }

            return _stopped ? null : lane.ToFill;
        }
    }

    /// <summary>The batch from <see cref="NextToFill"/> is full: the encoders may take it.</summary>
    private void Publish(Lane lane)
    {
        lock (_gate)
        {
            lane.Filled++;
            Monitor.PulseAll(_gate);
        }
    }

    private void End(Lane lane)
    {
        lock (_gate)
        {
            lane.Ended = true;
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

    /// <summary>
    /// <paramref name="encoder"/>'s next batch: once every reader has its next batch filled (or has ended), the one of the
    /// lowest chunk. Null at the end (or when stopped).
    /// </summary>
    private (Lane Lane, ManifestBatch Batch)? NextToEncode(int encoder)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_stopped)
                {
                    return null;
                }

                var known = true;
                (Lane Lane, ManifestBatch Batch)? next = null;
                foreach (var lane in _lanes)
                {
                    if (lane.Next(encoder) is { } batch)
                    {
                        if (next is null || batch.Chunk < next.Value.Batch.Chunk)
                        {
                            next = (lane, batch);
                        }
                    }
                    else if (!lane.Ended)
                    {
                        known = false;
                    }
                }

                if (known)
                {
                    return next;
                }

                Monitor.Wait(_gate);
            }
        }
    }

    private void Encoded(Lane lane, int encoder)
    {
        lock (_gate)
        {
            lane.Encoded[encoder]++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>One reader's batches: filled in turn, each encoded by every encoder before it is filled again.</summary>
    private sealed class Lane(int batches, int encoders)
    {
        private readonly ManifestBatch[] _batches = [.. Enumerable.Range(0, batches).Select(_ => new ManifestBatch())];

        /// <summary>Per encoder: how many batches it has encoded.</summary>
        public long[] Encoded { get; } = new long[encoders];

        /// <summary>How many batches the reader has filled.</summary>
        public long Filled { get; set; }

        /// <summary>The reader has no more batches.</summary>
        public bool Ended { get; set; }

        /// <summary>Every batch is filled and not yet encoded by some encoder.</summary>
        public bool Full => Filled - Encoded.Min() >= _batches.Length;

        public ManifestBatch ToFill => _batches[Filled % _batches.Length];

        /// <summary><paramref name="encoder"/>'s next batch if filled.</summary>
        public ManifestBatch? Next(int encoder) =>
            Encoded[encoder] < Filled ? _batches[Encoded[encoder] % _batches.Length] : null;
    }
}
