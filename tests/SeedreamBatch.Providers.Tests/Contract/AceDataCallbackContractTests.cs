using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Tests.Testing;
using SeedreamBatch.Simulator;

namespace SeedreamBatch.Providers.Tests.Contract;

public sealed class AceDataCallbackContractTests
{
    [Fact]
    public async Task AwaitAsync_SimulatorCallsBack_ResultTakenFromCallbackNotFromPolling()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(20));
        using var provider = Ports.WithFreePort(port => sim.Create(ProviderDialect.AceData, sim.Settings(ProviderDialect.AceData) with
        {
            CallbackListen = $"http://127.0.0.1:{port}/",
            CallbackPublicUrl = $"http://127.0.0.1:{port}/seedream-callback",
            MaxPollInterval = TimeSpan.FromMinutes(1),
        }));

        var handle = await provider.SubmitAsync(SimulatorFixture.Request(ProviderDialect.AceData), "job-cb", CancellationToken.None);
        var drain = TestRequests.DrainAsync(provider, handle);
        // The first (fallback) poll finds the task running; then the adapter waits a minute or for the callback.
        await sim.Time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(1));
        sim.Time.Advance(TimeSpan.FromSeconds(20));
        var outputs = await drain;

        Assert.IsType<GeneratedImage>(outputs[0]);
        // The clock never reached the next poll, so the result came by the one callback: the API saw the create and
        // the first poll only. Both are counted before their answers start and the callback before it is sent,
        // so neither count races the drain (the callback's delivery is only known later, and not asserted here).
        Assert.Equal(2, sim.Host.Stats.Requests);
        Assert.Equal(1, sim.Host.Stats.Callbacks);
        Assert.Equal(TestRequests.ClockStart + TimeSpan.FromSeconds(20), sim.Time.GetUtcNow());
        Assert.Equal(1, sim.Host.Ledger.ForJob("job-cb").Sum(c => c.Images));
    }
}
