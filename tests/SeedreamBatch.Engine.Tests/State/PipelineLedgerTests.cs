using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>
/// The pipeline ledger's chunk calls: one query finds the homes of many jobs, one commit claims a folder as the home of the
/// jobs no folder holds — and never moves a home another folder already has.
/// </summary>
public sealed class PipelineLedgerTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    private string LedgerPath => Path.Combine(_dir.Path, ".seedream", "pipeline.db");

    [Fact]
    public async Task ClaimHomesAsync_SomeKeysHaveHomes_ClaimsOnlyTheOthersAndKeepsEveryRecordedHome()
    {
        using var ledger = PipelineLedger.Open(LedgerPath, _time);
        await ledger.RecordHomeAsync("k1", "/out/day-1", CancellationToken.None);
        await ledger.RecordHomeAsync("k2", "/out/day-2", CancellationToken.None);

        await ledger.ClaimHomesAsync(["k1", "k2", "k3", "k4"], "/out/day-3", CancellationToken.None);

        Assert.Equal(
            new Dictionary<string, string> { ["k1"] = "/out/day-1", ["k2"] = "/out/day-2", ["k3"] = "/out/day-3", ["k4"] = "/out/day-3" },
            ledger.FindHomes(["k1", "k2", "k3", "k4", "k5"]));
    }

    [Fact]
    public async Task ClaimHomesAsync_Completed_IsReadByAnotherConnection()
    {
        using (var ledger = PipelineLedger.Open(LedgerPath, _time))
        {
            await ledger.ClaimHomesAsync(["k1", "k2"], "/out/day-1", CancellationToken.None);
            using var other = PipelineLedger.OpenReadOnly(LedgerPath)!;
            Assert.Equal("/out/day-1", other.FindHome("k1"));
            Assert.Equal("/out/day-1", other.FindHome("k2"));
        }
    }

    [Fact]
    public void FindHomes_NoKeysOrUnknownKeys_IsEmpty()
    {
        using var ledger = PipelineLedger.Open(LedgerPath, _time);

        Assert.Empty(ledger.FindHomes([]));
        Assert.Empty(ledger.FindHomes(["nowhere"]));
    }

    public void Dispose() => _dir.Dispose();
}
