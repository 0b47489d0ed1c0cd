using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The store's single writer, with group commit: writes wait in a queue; the writer takes every write that is
/// waiting (up to <see cref="MaxBatch"/>), runs them in one transaction and commits once — one fsync under
/// <c>synchronous=FULL</c> — then completes each caller.
/// </summary>
/// <remarks>
/// Each caller's guarantee is the same as with a transaction of its own: its task completes only after the commit
/// that holds its write is on disk, and a write that fails fails alone (see <see cref="CommitBatch"/>). Only
/// writes that arrived while the previous commit was on its way share an fsync, so a lone write is never held
/// back to wait for company; the busier the store, the more writes share each fsync — exactly when the fsync is
/// the bottleneck (many jobs in flight, each making several records).
/// </remarks>
internal sealed class GroupCommitWriter : IDisposable
{
    /// <summary>Bounds a transaction (and the time its callers wait) however long the queue grows.</summary>
    public const int MaxBatch = 256;

    private readonly SqliteConnection _connection;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _commits;
    private long _writes;

    public GroupCommitWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Test seam: asked once per write, on the writer; an exception it returns fails that write instead of running it.</summary>
    public Func<Exception?>? WriteFault { get; set; }

    /// <summary>Transactions committed (each one fsync of the WAL).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes committed.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Queues <paramref name="write"/>; the task completes once it is committed and on disk, or faults with its own
    /// error. <paramref name="cancellationToken"/> is honoured only before queueing: a queued write is committed.
    /// </summary>
    public Task WriteAsync(Action<SqliteConnection> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(StateStore));
        }

        return pending.Completion;
    }

    /// <summary>Commits what is queued, then stops the writer. Writes queued before this call are not lost.</summary>
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _loop.GetAwaiter().GetResult();
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            CommitBatch(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// One transaction for the whole batch. If anything in it fails, the transaction is rolled back and every write
    /// runs again alone, so one bad write (a constraint, say) never takes the others down and each caller gets the
    /// outcome it would have had without grouping. Writes only touch the database, so running one again after the
    /// rollback is the same as running it once.
    /// </summary>
    private void CommitBatch(List<PendingWrite> batch)
    {
        var ready = new List<PendingWrite>(batch.Count);
        foreach (var write in batch)
        {
            if (WriteFault?.Invoke() is { } fault)
            {
                write.Fail(fault);
            }
            else
            {
                ready.Add(write);
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        try
        {
            SqliteCommands.InTransaction(_connection, c => ready.ForEach(w => w.Write(c)));
        }
        catch (Exception) when (ready.Count > 1)
        {
            ready.ForEach(CommitAlone);
            return;
        }
        catch (Exception e)
        {
            ready[0].Fail(e);
            return;
        }

        Committed(ready.Count);
        ready.ForEach(w => w.Succeed());
    }

    private void CommitAlone(PendingWrite write)
    {
        try
        {
            SqliteCommands.InTransaction(_connection, write.Write);
        }
        catch (Exception e)
        {
            write.Fail(e);
            return;
        }

        Committed(1);
        write.Succeed();
    }

    private void Committed(int writes)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
    }

    private sealed class PendingWrite(Action<SqliteConnection> write)
    {
        // Continuations run elsewhere: the writer goes straight on to the next batch instead of running a job's next stage.
        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completion => _completion.Task;

        public void Write(SqliteConnection connection) => write(connection);

        public void Succeed() => _completion.TrySetResult();

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
