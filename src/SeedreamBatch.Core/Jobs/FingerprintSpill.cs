using System.Runtime.InteropServices;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// Collects 64-bit fingerprints in bounded memory and finds those seen more than once: a buffer of at most
/// <c>capacity</c> values is sorted and written to a temporary file when full (an external sort), and the sorted
/// runs are merged at the end. The buffer is small (1 MB) so that memory does not grow with the job count: a million jobs
/// make eight runs on disk per kind, five million forty, and the merge reads each through a 16 KB window. The files are
/// deleted when closed (and are unreadable garbage of hashes if a crash leaves one).
/// </summary>
internal sealed class FingerprintSpill(int capacity = FingerprintSpill.DefaultCapacity, string? directory = null) : IDisposable
{
    /// <summary>
    /// Values kept in memory before a run is written: 128 Ki × 8 bytes. With 1 Mi (8 MB, and 8 MB more of the smaller
    /// buffers it grew from, garbage until a full collection) `plan` grew by ~35 MB from 10k to 1M jobs; smaller runs cost
    /// no more CPU (each sort is shorter, the merge's heap a little deeper; bench/README.md, "Run memory").
    /// </summary>
    public const int DefaultCapacity = 1 << 17;

    /// <summary>Bytes read at a time from each run while merging (all runs are open at once).</summary>
    private const int ReadWindow = 1 << 14;

    private readonly int _capacity = capacity;
    private readonly string _directory = directory ?? Path.GetTempPath();
    private readonly List<FileStream> _runs = [];
    private ulong[] _buffer = new ulong[Math.Min(capacity, 1 << 14)];
    private int _count;

    /// <summary>Sorted runs written to disk so far (for tests and the bench).</summary>
    public int SpilledRuns => _runs.Count;

    public long Count { get; private set; }

    public void Add(ulong value)
    {
        if (_count == _buffer.Length)
        {
            if (_buffer.Length < _capacity)
            {
                Array.Resize(ref _buffer, (int)Math.Min(_capacity, 2L * _buffer.Length));
            }
            else
            {
                Spill();
            }
        }

        _buffer[_count++] = value;
        Count++;
    }

    /// <summary>Every value added more than once. Call once, after the last <see cref="Add"/>.</summary>
    public HashSet<ulong> Repeated()
    {
        var repeated = new HashSet<ulong>();
        Array.Sort(_buffer, 0, _count);
        if (_runs.Count == 0)
        {
            for (var i = 1; i < _count; i++)
            {
                if (_buffer[i] == _buffer[i - 1])
                {
                    repeated.Add(_buffer[i]);
                }
            }

            return repeated;
        }

        // k-way merge of the runs and the sorted buffer: equal values arrive next to each other.
        var sources = new List<IEnumerator<ulong>>(_runs.Count + 1);
        sources.AddRange(_runs.Select(ReadRun));
        sources.Add(((IEnumerable<ulong>)new ArraySegment<ulong>(_buffer, 0, _count)).GetEnumerator());
        var queue = new PriorityQueue<int, ulong>(sources.Count);
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].MoveNext())
            {
                queue.Enqueue(i, sources[i].Current);
            }
        }

        var previous = 0UL;
        var first = true;
        while (queue.TryDequeue(out var source, out var value))
        {
            if (!first && value == previous)
            {
                repeated.Add(value);
            }

            previous = value;
            first = false;
            if (sources[source].MoveNext())
            {
                queue.Enqueue(source, sources[source].Current);
            }
        }

        return repeated;
    }

    public void Dispose()
    {
        foreach (var run in _runs)
        {
            run.Dispose();
        }

        _runs.Clear();
    }

    private void Spill()
    {
        Array.Sort(_buffer, 0, _count);
        var path = Path.Combine(_directory, $"seedream-batch-screen-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        // Unbuffered (0): a run is written in one call and read back in ReadWindow blocks, so a FileStream buffer per
        // open run (64 KB each, forty runs at 5M jobs) would only copy.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 0, FileOptions.DeleteOnClose);
        try
        {
            file.Write(MemoryMarshal.AsBytes(_buffer.AsSpan(0, _count)));
            file.Flush();
        }
        catch
        {
            file.Dispose();
            throw;
        }

        _runs.Add(file);
        _count = 0;
    }

    private static IEnumerator<ulong> ReadRun(FileStream file)
    {
        file.Position = 0;
        var bytes = new byte[ReadWindow];
        while (true)
        {
            var read = 0;
            while (read < bytes.Length)
            {
                var n = file.Read(bytes, read, bytes.Length - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            if (read == 0)
            {
                yield break;
            }

            // Runs hold whole 8-byte values, and the buffer's size is a multiple of 8: a read never splits one.
            for (var i = 0; i + 8 <= read; i += 8)
            {
                yield return BitConverter.ToUInt64(bytes, i);
            }

            if (read < bytes.Length)
            {
                yield break;
            }
        }
    }
}
