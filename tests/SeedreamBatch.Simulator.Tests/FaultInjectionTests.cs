namespace SeedreamBatch.Simulator.Tests;

public sealed class FaultInjectionTests : SimTestBase
{
    private const string Ark = "/api/v3/images/generations";
    private const string Small = """{"model":"seedream-3-0-t2i-250415","prompt":"fault test","size":"512x512","seed":9}""";

    [Theory]
    [InlineData(502, "BadGateway")]
    [InlineData(503, "ServiceUnavailable")]
    public async Task Generate_GatewayErrorRates_ReturnStatusInDialectBody(int status, string code)
    {
        if (status == 502)
        {
            Sim.Faults.Error502Rate = 1;
        }
        else
        {
            Sim.Faults.Error503Rate = 1;
        }

        var (actual, body, response) = await PostAsync(Ark, Small);

        Assert.Equal(status, actual);
        Assert.Equal(code, (string?)body["error"]!["code"]);
        Assert.Equal(status == 503, response.Headers.RetryAfter is not null);
        Assert.Empty(Sim.Ledger.Charges);
    }

    [Fact]
    public async Task Generate_UnavailableAfterCharges_AnswersUntilTheNthChargeThen503WithoutCharging()
    {
        Sim.Faults.UnavailableAfterCharges = 2;

        var first = await PostAsync(Ark, Small, job: "job-1");
        var second = await PostAsync(Ark, Small, job: "job-2");
        var third = await PostAsync(Ark, Small, job: "job-3");

        Assert.Equal([200, 200, 503], [first.Status, second.Status, third.Status]);
        Assert.Equal("ServiceUnavailable", (string?)third.Body["error"]!["code"]);
        Assert.Equal(["job-1", "job-2"], Sim.Ledger.Charges.Select(c => c.Job));
    }

    [Theory]
    [InlineData(Ark, Small, "RateLimitExceeded.EndpointRPMExceeded")]
    [InlineData("/seedream/images", """{"prompt":"fault test"}""", "too_many_requests")]
    [InlineData("/v1/images/generations", """{"model":"seedream-4.0","prompt":"fault test"}""", "rate_limit_exceeded")]
    public async Task Generate_RateLimitedRate_Returns429InDialectBodyWithRetryAfterAndNoCharge(string path, string json, string code)
    {
        Sim.Faults.RateLimitedRate = 1;
        Sim.Faults.RateLimitedRetryAfter = TimeSpan.FromMilliseconds(2500);

        var (status, body, response) = await PostAsync(path, json, job: "job-429");

        Assert.Equal(429, status);
        Assert.Equal(code, (string?)body["error"]!["code"]);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter!.Delta);
        Assert.Empty(Sim.Ledger.Charges);
        Assert.Equal(1, Sim.Stats.Count("rate_limited"));
    }

    [Fact]
    public async Task Generate_RateLimitedRateWithoutRetryAfter_Returns429WithoutHeader()
    {
        Sim.Faults.RateLimitedRate = 1;
        Sim.Faults.RateLimitedRetryAfter = TimeSpan.Zero;

        var (status, _, response) = await PostAsync(Ark, Small);

        Assert.Equal(429, status);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Generate_RateLimitedRateIgnoresPerKeyLimit_RefusesOnlyTheRolledShare()
    {
        Sim.Faults.RateLimitedRate = 0.5;
        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await PostAsync(Ark, Small)).Status);
        }

        // Seeded randomness: both answers occur, and only the 200s were billed.
        Assert.Contains(429, statuses);
        Assert.Contains(200, statuses);
        Assert.Equal(statuses.Count(s => s == 200), Sim.Ledger.Charges.Count);
        Assert.Equal(statuses.Count(s => s == 429), Sim.Stats.Count("rate_limited"));
    }

    [Fact]
    public void Validate_RequestFaultRatesOverOne_IsAProblem()
    {
        var faults = new FaultSettings { RateLimitedRate = 0.6, Error500Rate = 0.6 };

        Assert.Contains(faults.Validate(), p => p.Contains("rate-limited", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_ClientHangsUpMidGeneration_StillChargedOnce()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(10));
        using var hangUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, Ark) { Content = Json(Small) };
        request.Headers.Add(SimulatorOptions.JobHeader, "job-gone");

        var send = Http.SendAsync(request, hangUp.Token);
        await Clock.WaitForPendingTimersAsync();
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        Clock.Advance(TimeSpan.FromSeconds(10));

        // Upstream bills what it accepted, whoever is still listening.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var charge = await Sim.Ledger.WaitForChargeAsync(c => c.Job == "job-gone", limit.Token);
        Assert.Equal(1, charge.Images);
    }

    [Fact]
    public async Task Generate_ResetAfterCharge_ChargedThenDropped()
    {
        Sim.Faults.ResetAfterChargeRate = 1;

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(Ark, Small, job: "job-reset"));

        Assert.Equal(1, Sim.Ledger.ForJob("job-reset").Sum(c => c.Images));
        Assert.Equal(1, Sim.Stats.Count("reset_after_charge"));
    }

    [Fact]
    public async Task Generate_ResetRate_DropsConnection()
    {
        Sim.Faults.ResetRate = 1;

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http.PostAsync(Ark, Json(Small)));
        Assert.Equal(1, Sim.Stats.Count("reset"));
    }

    [Fact]
    public async Task Generate_Hang_OutlastsClientTimeout()
    {
        Sim.Faults.HangRate = 1;
        using var cts = new CancellationTokenSource();
        var call = Http.PostAsync(Ark, Json(Small), cts.Token);
        await Clock.WaitForPendingTimersAsync();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Empty(Sim.Ledger.Charges);
    }

    [Fact]
    public async Task Generate_RequestLatency_WaitsOnTheInjectedClock()
    {
        Sim.Faults.RequestLatency = LatencyDistribution.Fixed(TimeSpan.FromSeconds(8));
        var call = PostAsync(Ark, Small);
        await Clock.WaitForPendingTimersAsync();

        Assert.False(call.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(8));
        var (status, _, _) = await call;
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Download_AfterUrlTtl_Returns403ThenEventually404()
    {
        var (_, body, _) = await PostAsync(Ark, Small);
        var url = (string)body["data"]![0]!["url"]!;
        Assert.Equal(200, (int)(await Http.GetAsync(url)).StatusCode);

        Clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(403, (int)(await Http.GetAsync(url)).StatusCode);
        Assert.Equal(404, (int)(await Http.GetAsync(url + "x")).StatusCode);
    }

    [Fact]
    public async Task Download_CorruptRate_ServesDamagedBytesOfSameLength()
    {
        var (_, body, _) = await PostAsync(Ark, Small);
        var url = (string)body["data"]![0]!["url"]!;
        var clean = await DownloadAsync(url);
        Sim.Faults.CorruptImageRate = 1;

        var damaged = await DownloadAsync(url);

        Assert.Equal(clean.Length, damaged.Length);
        Assert.NotEqual(clean, damaged);
        Assert.NotEqual((byte)0xD9, damaged[^1]);
    }

    [Fact]
    public async Task Download_TruncateRate_EndsEarlyWithError()
    {
        var (_, body, _) = await PostAsync(Ark, Small);
        Sim.Faults.TruncateDownloadRate = 1;

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => DownloadAsync((string)body["data"]![0]!["url"]!));
        Assert.Equal(1, Sim.Stats.Count("download_truncated"));
    }

    [Fact]
    public async Task Download_SlowRate_WaitsOnTheClockPerChunk()
    {
        var (_, body, _) = await PostAsync(Ark, Small);
        Sim.Faults.DownloadBytesPerSecond = 1024;
        var download = DownloadAsync((string)body["data"]![0]!["url"]!);
        await Clock.WaitForPendingTimersAsync();
        Assert.False(download.IsCompleted);

        while (!download.IsCompleted)
        {
            Clock.Advance(TimeSpan.FromSeconds(20));
            await Task.WhenAny(download, Clock.WaitForPendingTimersAsync());
        }

        Assert.Equal([0xFF, 0xD8], (await download)[..2]);
    }

    [Fact]
    public async Task Stats_CountOutcomes()
    {
        await PostAsync(Ark, Small);
        await PostAsync(Ark, Small, "bad");
        var (_, stats) = await GetAsync("/_sim/stats");

        Assert.Equal(2, (long)stats["requests"]!);
        Assert.Equal(1, (long)stats["outcomes"]!["ok"]!);
        Assert.Equal(1, (long)stats["outcomes"]!["unauthorized"]!);
    }

    [Fact]
    public async Task Stats_RequestsByJob_CountEveryArrivalWhateverTheAnswer()
    {
        await PostAsync(Ark, Small, job: "job-a");
        Sim.Faults.RateLimitedRate = 1;
        await PostAsync(Ark, Small, job: "job-a");
        Sim.Faults.RateLimitedRate = 0;
        Sim.Faults.ResetRate = 1;
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(Ark, Small, job: "job-b"));
        Sim.Faults.ResetRate = 0;
        await PostAsync(Ark, Small);
        var (_, stats) = await GetAsync("/_sim/stats");

        Assert.Equal(2, Sim.Stats.RequestsForJob("job-a"));
        Assert.Equal(1, Sim.Stats.RequestsForJob("job-b"));
        Assert.Equal(2, Sim.Stats.RequestsByJob.Count);
        Assert.Equal(2, (long)stats["by_job"]!["job-a"]!);
        Assert.Single(Sim.Ledger.ForJob("job-a"));
    }

    [Fact]
    public void LatencyDistribution_Parse_AcceptsEveryKind()
    {
        Assert.Equal(LatencyDistribution.Fixed(TimeSpan.FromMilliseconds(200)), LatencyDistribution.Parse("fixed:200ms"));
        Assert.Equal(LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2)), LatencyDistribution.Parse("uniform:100ms..2s"));
        Assert.Equal(LatencyDistribution.LogNormal(TimeSpan.FromMilliseconds(800), 0.5), LatencyDistribution.Parse("lognormal:800ms,0.5"));
        Assert.Throws<FormatException>(() => LatencyDistribution.Parse("gaussian:1s"));
    }
}
