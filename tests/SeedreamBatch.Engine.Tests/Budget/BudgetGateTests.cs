using SeedreamBatch.Engine.Budget;

namespace SeedreamBatch.Engine.Tests.Budget;

public sealed class BudgetGateTests
{
    [Fact]
    public void TryReserve_WithinLimits_GrantsAndHolds()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = 1.00m, MaxImages = 10 });

        Assert.True(gate.TryReserve(0.40m, 1, out var reservation, out _));

        Assert.Equal(0.40m, reservation.CostUsd);
        Assert.Equal(0.40m, gate.Snapshot().ReservedUsd);
        Assert.Equal(0.60m, gate.Snapshot().LeftUsd);
    }

    [Fact]
    public void TryReserve_BeyondCost_RefusesAndClosesForCheaperJobsToo()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = 1.00m });
        Assert.True(gate.TryReserve(0.80m, 1, out _, out _));

        Assert.False(gate.TryReserve(0.30m, 1, out _, out var refusal));
        Assert.False(gate.TryReserve(0.01m, 1, out _, out _));
        Assert.Contains("max_cost_usd", refusal, StringComparison.Ordinal);
        Assert.True(gate.Snapshot().IsExhausted);
    }

    [Fact]
    public void TryReserve_BeyondImages_Refuses()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxImages = 3 });
        Assert.True(gate.TryReserve(0m, 2, out _, out _));

        Assert.False(gate.TryReserve(0m, 2, out _, out var refusal));
        Assert.Contains("max_images", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_BeforeAnyRefusal_GivesTheRoomBack()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = 1.00m });
        Assert.True(gate.TryReserve(0.60m, 1, out var first, out _));

        gate.Release(first);

        Assert.True(gate.TryReserve(1.00m, 1, out _, out _));
    }

    [Fact]
    public void Settle_BilledMoreThanEstimated_LaterReservationsSeeTheRealFigure()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = 2.00m });
        Assert.True(gate.TryReserve(1.00m, 1, out var first, out _));

        gate.Settle(first, 1.50m, 1);

        Assert.False(gate.TryReserve(1.00m, 1, out _, out _));
        Assert.Equal(1.50m, gate.Snapshot().SpentUsd);
        Assert.Equal(0.50m, gate.OverrunUsd);
    }

    [Fact]
    public void Settle_Twice_CountsOnce()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = 1.00m });
        Assert.True(gate.TryReserve(0.50m, 1, out var reservation, out _));

        gate.Settle(reservation, 0.50m, 1);
        gate.Settle(reservation, 0.50m, 1);
        gate.Release(reservation);

        var snapshot = gate.Snapshot();
        Assert.Equal(0.50m, snapshot.SpentUsd);
        Assert.Equal(0m, snapshot.ReservedUsd);
        Assert.Equal(1, snapshot.SpentImages);
    }

    [Fact]
    public void TryReserve_CarryOverFromEarlierRuns_CountsAgainstTheLimit()
    {
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = 10m }, alreadySpentUsd: 9.99m);

        Assert.False(gate.TryReserve(0.04m, 1, out _, out _));
    }

    [Fact]
    public async Task TryReserve_ManyConcurrentJobsWithRandomBills_NeverExceedsLimits()
    {
        const decimal maxCost = 25.00m;
        const int maxImages = 400;
        var gate = new BudgetGate(new BudgetOptions { MaxCostUsd = maxCost, MaxImages = maxImages });
        var violations = 0;

        var workers = Enumerable.Range(0, 64).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 200; i++)
            {
                var images = random.Next(1, 4);
                var estimate = 0.04m * images;
                if (!gate.TryReserve(estimate, images, out var reservation, out _))
                {
                    continue;
                }

                await Task.Yield();
                var s = gate.Snapshot();
                if (s.SpentUsd + s.ReservedUsd > maxCost || s.SpentImages + s.ReservedImages > maxImages)
                {
                    Interlocked.Increment(ref violations);
                }

                if (random.Next(5) == 0)
                {
                    gate.Release(reservation);
                }
                else
                {
                    // Bills of at most what was asked: the model may return fewer images.
                    var billedImages = random.Next(0, images + 1);
                    gate.Settle(reservation, 0.04m * billedImages, billedImages);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var final = gate.Snapshot();
        Assert.Equal(0, violations);
        Assert.True(final.SpentUsd <= maxCost, $"spent {final.SpentUsd}");
        Assert.True(final.SpentImages <= maxImages, $"images {final.SpentImages}");
        Assert.Equal(0m, final.ReservedUsd);
        Assert.True(final.IsExhausted, "the test should push the gate to its limit");
    }

    [Fact]
    public void Constructor_NegativeLimits_RefusedWithBothProblemsInOneMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new BudgetGate(new BudgetOptions { MaxCostUsd = -1m, MaxImages = -1 }));

        Assert.Equal(2, e.Message.Split(Environment.NewLine).Count(l => l.StartsWith("budget.", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_NegativeLimits_ReportsBothProblems()
    {
        var problems = new BudgetOptions { MaxCostUsd = -1m, MaxImages = -1 }.Validate();

        Assert.Equal(2, problems.Count);
    }
}
