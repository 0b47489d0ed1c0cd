using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>
/// Writes waiting while a commit is underway share the next one (one fsync), yet each caller still learns only of its
/// own write, and only once it is on disk.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    private string DatabasePath => StateStore.PathFor(_dir.Path);

    [Fact]
    public async Task RecordAsync_TenWritesQueuedWhileOneCommits_ShareTheNextCommitAndAreAllDurable()
    {
        using var store = StateStore.Open(DatabasePath, _time);
        using var writer = new HeldWriter(store);
        var head = store.RecordSubmittingAsync(TestJobs.Create(0), "run-1", CancellationToken.None);
        writer.WaitUntilHeld();

        var queued = Enumerable.Range(1, 10).Select(i => store.RecordSubmittingAsync(TestJobs.Create(i), "run-1", CancellationToken.None)).ToList();
        writer.Release();
        await Task.WhenAll([head, .. queued]).WaitAsync(Patience);

        Assert.Equal((2L, 11L), (store.Commits, store.Writes));
        Assert.Equal(11, await CountSubmittingOnDiskAsync());
    }

    [Fact]
    public async Task RecordAsync_OneWriteOfAGroupViolatesAConstraint_OnlyThatOneFails()
    {
        using var store = StateStore.Open(DatabasePath, _time);
        using var writer = new HeldWriter(store);
        var head = store.RecordSubmittingAsync(TestJobs.Create(0), "run-1", CancellationToken.None);
        writer.WaitUntilHeld();

        var before = store.RecordSubmittingAsync(TestJobs.Create(1), "run-1", CancellationToken.None);
        var orphan = store.RecordOriginalsAsync("no-such-job", [new OutputRecord(0, "original", "x.png", "png", 1, 1, 1, new string('a', 64))], CancellationToken.None);
        var after = store.RecordSubmittingAsync(TestJobs.Create(2), "run-1", CancellationToken.None);
        writer.Release();

        await Assert.ThrowsAsync<SqliteException>(() => orphan.WaitAsync(Patience));
        await Task.WhenAll(head, before, after).WaitAsync(Patience);
        Assert.Equal(3, await CountSubmittingOnDiskAsync());
    }

    [Fact]
    public async Task Dispose_WritesStillQueued_CommitsThemBeforeClosing()
    {
        var store = StateStore.Open(DatabasePath, _time);
        var writes = Enumerable.Range(0, 50).Select(i => store.RecordSubmittingAsync(TestJobs.Create(i), "run-1", CancellationToken.None)).ToList();

        store.Dispose();

        await Task.WhenAll(writes).WaitAsync(Patience);
        Assert.Equal(50, await CountSubmittingOnDiskAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.RecordSubmittingAsync(TestJobs.Create(99), "run-1", CancellationToken.None));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Counted on a fresh connection: what a process opening the file after a crash would find.</summary>
    private async Task<int> CountSubmittingOnDiskAsync()
    {
        using var reopened = StateStore.Open(DatabasePath, _time);
        using var reader = reopened.OpenReader();
        return (await reader.CountByStatusAsync(CancellationToken.None))[JobStatus.Submitting];
    }

    /// <summary>Holds the writer inside its first write (through the store's fault seam) until released: a commit "underway".</summary>
    private sealed class HeldWriter : IDisposable
    {
        private readonly ManualResetEventSlim _held = new();
        private readonly ManualResetEventSlim _released = new();
        private bool _first = true;

        public HeldWriter(StateStore store) => store.WriteFault = Hold;

        public void WaitUntilHeld() => Assert.True(_held.Wait(Patience), "the writer never started");

        public void Release() => _released.Set();

        public void Dispose()
        {
            _released.Set();
            _held.Dispose();
            _released.Dispose();
        }

        private Exception? Hold()
        {
            // Called on the writer only, one write at a time.
            if (_first)
            {
                _first = false;
                _held.Set();
                _released.Wait(Patience);
            }

            return null;
        }
    }
}
