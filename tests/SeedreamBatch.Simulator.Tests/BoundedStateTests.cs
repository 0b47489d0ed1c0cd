using SeedreamBatch.Simulator.Images;

namespace SeedreamBatch.Simulator.Tests;

/// <summary>
/// Issue 18: memory stays flat however many jobs a run sends. The ledger keeps exact totals and the recent charges,
/// stats the recent jobs, tasks are forgotten past the limit or the retention, and result URLs keep nothing at all
/// (their id carries what to draw), so a URL whose picture left every cache still downloads the same bytes.
/// </summary>
public sealed class BoundedStateTests : SimTestBase
{
    private const string Ark = "/api/v3/images/generations";
    private const string Kie = "/api/v1/images/generations";

    protected override void Configure(SimulatorOptions options)
    {
        options.HistoryLimit = 3;
        options.ImageCacheBytes = 1; // nothing fits: every download draws again
    }

    private static string Request(int i) => $$"""{"model":"seedream-3-0-t2i-250415","prompt":"item {{i}}","size":"512x512","seed":{{i}}}""";

    [Fact]
    public async Task Ledger_PastHistoryLimit_KeepsRecentChargesAndExactTotals()
    {
        for (var i = 1; i <= 5; i++)
        {
            await PostAsync(Ark, Request(i), job: $"job-{i}");
        }

        Assert.Equal(["job-3", "job-4", "job-5"], Sim.Ledger.Charges.Select(c => c.Job));
        Assert.Equal((5L, 5L, 0.15m), (Sim.Ledger.ChargeCount, Sim.Ledger.TotalImages, Sim.Ledger.TotalUsd));
        Assert.Equal(["job-3", "job-4", "job-5"], Sim.Ledger.ImagesByJob().Keys.Order(StringComparer.Ordinal));
        var (_, ledger) = await GetAsync("/_sim/ledger");
        Assert.Equal((0.15m, 5, 5, 3), ((decimal)ledger["total_usd"]!, (int)ledger["total_images"]!, (int)ledger["total_charges"]!, (int)ledger["charges_kept"]!));
        Assert.Equal(5, (int)ledger["by_key"]![SimulatorOptions.DefaultApiKey]!["images"]!);
        Assert.Equal(3, ledger["charges"]!.AsArray().Count);
    }

    [Fact]
    public async Task Stats_PastHistoryLimit_ForgetsOldestJobsAndCountsEveryRequest()
    {
        await PostAsync(Ark, Request(1), job: "job-1");
        await PostAsync(Ark, Request(1), job: "job-1");
        for (var i = 2; i <= 5; i++)
        {
            await PostAsync(Ark, Request(i), job: $"job-{i}");
        }

        Assert.Equal(6, Sim.Stats.Requests);
        Assert.Equal(["job-3", "job-4", "job-5"], Sim.Stats.RequestsByJob.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, Sim.Stats.RequestsForJob("job-1"));
    }

    [Fact]
    public async Task Download_PictureInNoCache_SameBytesFromTheUrlAlone()
    {
        var (_, body, _) = await PostAsync(Ark, Request(1));
        var url = (string)body["data"]![0]!["url"]!;
        var first = await DownloadAsync(url);
        for (var i = 2; i <= 5; i++)
        {
            await DownloadAsync((string)(await PostAsync(Ark, Request(i))).Body["data"]![0]!["url"]!);
        }

        Assert.Equal(first, await DownloadAsync(url));
        using var image = NetVips.Image.NewFromBuffer(first, failOn: NetVips.Enums.FailOn.Error);
        Assert.Equal((512, 512), (image.Width, image.Height));
    }

    [Fact]
    public async Task Download_AlteredUrl_NotFound_ExpiredUrl_403ThenForgotten()
    {
        var url = (string)(await PostAsync(Ark, Request(1))).Body["data"]![0]!["url"]!;
        var id = url[(url.LastIndexOf('/') + 1)..];
        var altered = url.Replace(id, (id[0] == 'A' ? "B" : "A") + id[1..], StringComparison.Ordinal);

        Assert.Equal(404, (int)(await Http.GetAsync(altered)).StatusCode);
        Assert.Equal(404, (int)(await Http.GetAsync(url.Replace(".jpeg", ".png", StringComparison.Ordinal))).StatusCode);
        Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(200, (int)(await Http.GetAsync(url)).StatusCode);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(403, (int)(await Http.GetAsync(url)).StatusCode);
        Clock.Advance(TimeSpan.FromHours(24));
        Assert.Equal(403, (int)(await Http.GetAsync(url)).StatusCode);
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(404, (int)(await Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Tasks_PastHistoryLimit_OldestFinishedForgotten()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((string)(await PostAsync(Kie, """{"model":"seedream/4.5-text-to-image","prompt":"x"}""")).Body["data"]!["task_id"]!);
        }

        Assert.Equal(404, (await GetAsync($"/api/v1/tasks/{ids[0]}")).Status);
        foreach (var id in ids[1..])
        {
            Assert.Equal(200, (await GetAsync($"/api/v1/tasks/{id}")).Status);
        }

        Assert.Equal(4, Sim.Ledger.TotalImages);
    }

    [Fact]
    public async Task Tasks_PastRetention_Forgotten()
    {
        var first = (string)(await PostAsync(Kie, """{"model":"seedream/4.5-text-to-image","prompt":"x"}""")).Body["data"]!["task_id"]!;
        Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromSeconds(1));
        var second = (string)(await PostAsync(Kie, """{"model":"seedream/4.5-text-to-image","prompt":"y"}""")).Body["data"]!["task_id"]!;

        Assert.Equal(404, (await GetAsync($"/api/v1/tasks/{first}")).Status);
        Assert.Equal(200, (await GetAsync($"/api/v1/tasks/{second}")).Status);
    }
}

public sealed class ByteLruTests
{
    [Fact]
    public void GetOrAdd_OverBudget_EvictsLeastRecentlyUsed()
    {
        var lru = new ByteLru<int>(30);
        var made = new List<int>();
        byte[] Make(int key)
        {
            made.Add(key);
            return new byte[10];
        }

        lru.GetOrAdd(1, Make);
        lru.GetOrAdd(2, Make);
        lru.GetOrAdd(3, Make);
        lru.GetOrAdd(1, Make); // 1 is now the most recent
        lru.GetOrAdd(4, Make); // evicts 2
        lru.GetOrAdd(1, Make);
        lru.GetOrAdd(2, Make); // made again, evicts 3

        Assert.Equal([1, 2, 3, 4, 2], made);
        Assert.Equal((3, 30L), (lru.Count, lru.Bytes));
    }

    [Fact]
    public void GetOrAdd_LargerThanBudget_ReturnedNotKept()
    {
        var lru = new ByteLru<string>(5);

        Assert.Equal(6, lru.GetOrAdd("big", _ => new byte[6]).Length);
        Assert.Equal((0, 0L), (lru.Count, lru.Bytes));
    }
}
