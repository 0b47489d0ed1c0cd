namespace SeedreamBatch.Simulator.Tests;

public sealed class LedgerTests : SimTestBase
{
    private const string Ark = "/api/v3/images/generations";

    [Fact]
    public async Task Ledger_ResubmittedJob_IsChargedTwice()
    {
        const string json = """{"model":"seedream-4-0-250828","prompt":"red shoe","size":"1K"}""";
        await PostAsync(Ark, json, job: "job-1");
        await PostAsync(Ark, json, job: "job-1");
        await PostAsync(Ark, json, job: "job-2");

        Assert.Equal(2, Sim.Ledger.ForJob("job-1").Count);
        Assert.Equal(2, Sim.Ledger.ImagesByJob()["job-1"]);
        Assert.Equal(3, Sim.Ledger.ImagesByPrompt()["red shoe"]);
        Assert.Equal(0.09m, Sim.Ledger.TotalUsd);
    }

    [Fact]
    public async Task Ledger_FailedRequests_AreNotCharged()
    {
        await PostAsync(Ark, """{"model":"seedream-4-0-250828","prompt":"a sim-blocked shoe"}""", job: "j");
        Sim.Faults.Error500Rate = 1;
        await PostAsync(Ark, """{"model":"seedream-4-0-250828","prompt":"shoe"}""", job: "j");

        Assert.Empty(Sim.Ledger.Charges);
    }

    [Fact]
    public async Task LedgerEndpoint_ReturnsChargesPerKeyJobAndPrompt()
    {
        await PostAsync(Ark, """{"model":"seedream-4-5-251128","prompt":"cat"}""", job: "job-a");
        await PostAsync("/v1/images/generations", """{"model":"seedream-4.0","prompt":"dog","n":2}""");
        var (status, ledger) = await GetAsync("/_sim/ledger");

        Assert.Equal(200, status);
        Assert.Equal(0.10m, (decimal)ledger["total_usd"]!);
        Assert.Equal(3, (int)ledger["total_images"]!);
        Assert.Equal(1, (int)ledger["by_job"]!["job-a"]!["images"]!);
        Assert.Equal(2, (int)ledger["by_prompt"]!["dog"]!["images"]!);
        Assert.Equal(3, (int)ledger["by_key"]![SimulatorOptions.DefaultApiKey]!["images"]!);
        var first = ledger["charges"]![0]!;
        Assert.Equal("ark", (string?)first["dialect"]);
        Assert.Equal("seedream-4-5-251128", (string?)first["model"]);
        Assert.Equal("job-a", (string?)first["job"]);
        Assert.Equal(0.04m, (decimal)first["amount_usd"]!);
    }

    [Fact]
    public async Task Ledger_AsyncTask_ChargedOnceWhenDoneNotPerPoll()
    {
        var (_, created, _) = await PostAsync("/api/v1/images/generations", """{"model":"seedream/4.5-text-to-image","prompt":"x"}""", job: "k");
        var id = (string)created["data"]!["task_id"]!;
        for (var i = 0; i < 3; i++)
        {
            await GetAsync($"/api/v1/tasks/{id}");
        }

        var charge = Assert.Single(Sim.Ledger.Charges);
        Assert.Equal(("kie", "k", id), (charge.Dialect, charge.Job, charge.Reference));
    }
}
