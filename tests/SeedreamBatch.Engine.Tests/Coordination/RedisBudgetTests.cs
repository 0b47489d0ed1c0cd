using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.Coordination;

/// <summary>The shared budget on a real redis-server: reserve → settle → release across workers, the global stop, and a restart's reconcile.</summary>
public sealed class RedisBudgetTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private readonly FakeClock _time = new();
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task TryReserve_SecondWorkerPastLimit_RefusedAndEveryWorkerStopped()
    {
        var spec = redis.Spec();
        await using var a = await redis.ConnectAsync(spec, "shard-0-of-2", _time);
        await using var b = await redis.ConnectAsync(spec, "shard-1-of-2", _time);
        var limits = new BudgetOptions { MaxCostUsd = 1.00m };
        var budgetA = a.CreateBudget(limits);
        var budgetB = b.CreateBudget(limits);

        Assert.True(budgetA.TryReserve("job-1", 0.60m, 1, out _));
        Assert.False(budgetB.TryReserve("job-2", 0.50m, 1, out var refusal));
        Assert.Contains("max_cost_usd 1.000000 reached across all workers", refusal, StringComparison.Ordinal);

        // The stop is global: a job that would fit is refused too, on the other worker.
        Assert.False(budgetA.TryReserve("job-3", 0.01m, 1, out var stopped));
        Assert.Equal(refusal, stopped);
        var (spent, _, held, stop) = await budgetA.ReadAsync();
        Assert.Equal(0m, spent);
        Assert.Equal(0.60m, held);
        Assert.NotNull(stop);
    }

    [Fact]
    public async Task SettleAndRelease_ThroughBudgetGate_TotalsAreWhatWasBilled()
    {
        var spec = redis.Spec();
        await using var a = await redis.ConnectAsync(spec, "shard-0-of-2", _time);
        await using var b = await redis.ConnectAsync(spec, "shard-1-of-2", _time);
        var limits = new BudgetOptions { MaxCostUsd = 0.10m };
        var gateA = new BudgetGate(limits, shared: a.CreateBudget(limits));
        var gateB = new BudgetGate(limits, shared: b.CreateBudget(limits));

        Assert.True(gateA.TryReserve("job-1", 0.04m, 1, out var r1, out _));
        Assert.True(gateB.TryReserve("job-2", 0.04m, 1, out var r2, out _));
        gateA.Settle(r1, 0.04m, 1);
        gateA.Settle(r1, 0.04m, 1); // twice: counted once
        gateB.Release(r2);
        Assert.True(gateB.TryReserve("job-3", 0.04m, 1, out var r3, out _));
        gateB.Settle(r3, 0.03m, 1);

        var (spent, images, held, stop) = await a.CreateBudget(limits).ReadAsync();
        Assert.Equal(0.07m, spent);
        Assert.Equal(2, images);
        Assert.Equal(0m, held);
        Assert.Null(stop);
        Assert.Equal(0.04m, gateA.Snapshot().SpentUsd);
        Assert.Equal(0.03m, gateB.Snapshot().SpentUsd);
    }

    [Fact]
    public async Task Reconcile_DeadWorkersHolds_ReturnedOnlyWhenKnownUnpaid()
    {
        var spec = redis.Spec();
        var limits = new BudgetOptions { MaxCostUsd = 10m };
        var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        await store.BeginRunAsync(new RunRecord("run-1", "p.yaml", "abc", "0.1.0"), CancellationToken.None);
        var neverSent = TestJobs.Create(1);
        var answered = TestJobs.Create(2);
        var unknown = TestJobs.Create(3);
        var task = TestJobs.Create(4);
        await store.RecordSubmittingAsync(answered, "run-1", CancellationToken.None);
        await store.RecordGeneratedAsync(answered.Key, 0.03m, 1, ["https://cdn/x.jpeg"], CancellationToken.None);
        await store.RecordSubmittingAsync(unknown, "run-1", CancellationToken.None);
        await store.RecordSubmittingAsync(task, "run-1", CancellationToken.None);
        await store.RecordTaskIdAsync(task.Key, "task-4", CancellationToken.None);

        // The first worker holds four jobs, then dies (no settle, no release).
        await using (var dead = await redis.ConnectAsync(spec, "shard-0-of-1", _time))
        {
            var held = dead.CreateBudget(limits);
            foreach (var job in new[] { neverSent, answered, unknown, task })
            {
                Assert.True(held.TryReserve(job.Key, 0.04m, 1, out _));
            }
        }

        await using var restarted = await redis.ConnectAsync(spec, "shard-0-of-1", _time);
        var budget = restarted.CreateBudget(limits);
        using var reader = store.OpenReader();
        var (settled, released, kept) = await budget.ReconcileAsync(reader, CancellationToken.None);

        Assert.Equal((2, 1, 1), (settled, released, kept));
        var (spent, images, stillHeld, _) = await budget.ReadAsync();
        Assert.Equal(0.03m + 0.04m, spent);    // the bill, and the unknown outcome at its estimate
        Assert.Equal(2, images);
        Assert.Equal(0.04m, stillHeld);         // the recorded task: the resume adopts it
        Assert.True(budget.TryReserve(task.Key, 0.04m, 1, out _));
        Assert.Equal(0.04m, (await budget.ReadAsync()).HeldUsd);
        store.Dispose();
    }

    [Fact]
    public async Task Reconcile_OtherShardsHolds_Untouched()
    {
        var spec = redis.Spec();
        var limits = new BudgetOptions { MaxCostUsd = 10m };
        await using var other = await redis.ConnectAsync(spec, "shard-1-of-2", _time);
        Assert.True(other.CreateBudget(limits).TryReserve("job-9", 0.04m, 1, out _));

        await using var mine = await redis.ConnectAsync(spec, "shard-0-of-2", _time);
        var result = await mine.CreateBudget(limits).ReconcileAsync(null, CancellationToken.None);

        Assert.Equal((0, 0, 0), result);
        Assert.Equal(0.04m, (await mine.CreateBudget(limits).ReadAsync()).HeldUsd);
    }

    [Fact]
    public async Task AcquireLease_HeldByLiveWorker_WaitsUntilItLapses()
    {
        var spec = redis.Spec(leaseSeconds: 2);
        await using var first = await redis.ConnectAsync(spec, "shard-0-of-1", _time);
        await first.AcquireLeaseAsync(_ => { }, CancellationToken.None);
        await using var second = await redis.ConnectAsync(spec, "shard-0-of-1", _time);
        var waits = new List<string>();

        // The second waits on the injected clock; the first gives its lease up (a clean exit) meanwhile.
        var acquiring = second.AcquireLeaseAsync(waits.Add, CancellationToken.None);
        await _time.WaitForTimerAsync(due => due > TimeSpan.FromSeconds(1) && due <= TimeSpan.FromSeconds(2));
        Assert.False(acquiring.IsCompleted);
        await first.DisposeAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        await acquiring.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(waits);
        Assert.Contains("held by another worker", waits[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_NothingListening_OneLineError()
    {
        var spec = new SeedreamBatch.Core.Manifest.CoordinationSpec(new Uri("redis://127.0.0.1:1"), "x", 30);
        var (coordinator, error) = await SeedreamBatch.Engine.Coordination.RedisCoordinator.ConnectAsync(spec, "p", "shard-0-of-1", _time, connectTimeout: TimeSpan.FromSeconds(1));

        Assert.Null(coordinator);
        Assert.StartsWith("coordination.redis redis://127.0.0.1:1: cannot connect (", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
