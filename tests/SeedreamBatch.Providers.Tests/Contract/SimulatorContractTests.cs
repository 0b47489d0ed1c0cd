using System.Text.Json;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers.Tests.Testing;

namespace SeedreamBatch.Providers.Tests.Contract;

/// <summary>Every adapter against the in-process simulator over real HTTP: the wire, not a fake of it.</summary>
public sealed class SimulatorContractTests
{
    public static TheoryData<ProviderDialect> AllDialects => [.. Enum.GetValues<ProviderDialect>()];

    public static TheoryData<ProviderDialect> TaskDialects => [ProviderDialect.Sinan, ProviderDialect.Kie, ProviderDialect.Fal];

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Run_Success_ImagesDownloadableAndUsageMatchesLedger(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(dialect);

        var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect), "job-ok");

        var image = Assert.IsType<GeneratedImage>(Assert.Single(outputs, o => o is GeneratedImage));
        using var client = new HttpClient();
        var bytes = await client.GetByteArrayAsync(image.Url);
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        var usage = Assert.IsType<BilledUsage>(outputs[^1]);
        Assert.Equal(sim.Host.Ledger.ForJob("job-ok").Sum(c => c.Images), usage.Images);
        Assert.Equal(1, usage.Images);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Run_RequestedModel_LedgerBillsThatModelNotADefault(ProviderDialect dialect)
    {
        // Sinan takes the model in `version`; a body with `model` silently runs (and bills) 5.0 lite (§4).
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(dialect);

        await TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect), "job-model");

        Assert.Matches(SimulatorFixture.ModelOf(dialect) == SeedreamModel.Seedream40 ? "seedream-4$" : "4[.-]5", Assert.Single(sim.Host.Ledger.ForJob("job-model")).Model);
    }

    [Theory]
    [InlineData("QuotaExceeded")]
    [InlineData("SetLimitExceeded")]
    [InlineData("ModelNotOpen")]
    public async Task Submit_ArkAccountLimits_AccountProblemNeverRetried(string code)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        switch (code)
        {
            case "QuotaExceeded": sim.Host.Faults.QuotaExceededKeys.Add(SimulatorFixture.Key); break;
            case "SetLimitExceeded": sim.Host.Faults.SpendLimitKeys.Add(SimulatorFixture.Key); break;
            default: sim.Host.Faults.ClosedModels.Add("seedream-4-5-251128"); break;
        }

        using var provider = sim.Create(ProviderDialect.Ark, sim.Settings(ProviderDialect.Ark) with { PaidRateLimitRetries = 3 });

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(ProviderDialect.Ark), "job", CancellationToken.None));

        Assert.Equal((ProviderErrorKind.AccountProblem, code), (ex.Error.Kind, ex.Error.ProviderCode));
        Assert.False(ex.IsRetryable);
        Assert.True(ex.Error.Kind.IsAccountWide());
        Assert.Equal(1, sim.Host.Stats.Requests);
    }

    [Theory]
    [InlineData("ServerOverloaded")]
    [InlineData("RequestBurstTooFast")]
    [InlineData("ModelAccountIpmRateLimitExceeded")]
    public async Task Submit_ArkRetryable429Codes_RateLimited(string code)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.RateLimitedRate = 1;
        sim.Host.Faults.RateLimitedCode = code;
        using var provider = sim.Create(ProviderDialect.Ark);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(ProviderDialect.Ark), "job", CancellationToken.None));

        Assert.Equal((ProviderErrorKind.RateLimited, code), (ex.Error.Kind, ex.Error.ProviderCode));
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task Submit_ArkRiskDetection_ContentPolicy()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(ProviderDialect.Ark);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(ProviderDialect.Ark, "a sim-risk poster"), "job", CancellationToken.None));

        Assert.Equal((ProviderErrorKind.ContentPolicy, "InputTextRiskDetection"), (ex.Error.Kind, ex.Error.ProviderCode));
    }

    [Fact]
    public async Task Submit_AceDataServerApiError_OutcomeUnknownNotResent()
    {
        // Nothing documents whether a 500 api_error was billed (§2): a paid one may have been.
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.Error500Rate = 1;
        using var provider = sim.Create(ProviderDialect.AceData, sim.Settings(ProviderDialect.AceData) with { PaidRefusalRetries = 2 });

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(ProviderDialect.AceData), "job", CancellationToken.None));

        Assert.Equal((ProviderErrorKind.OutcomeUnknown, "api_error"), (ex.Error.Kind, ex.Error.ProviderCode));
        Assert.Equal(1, sim.Host.Stats.Requests);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Run_ContentRefused_ContentPolicySentOnceNothingBilled(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(dialect);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect, "a sim-blocked scene"), "job-blocked"));

        Assert.Equal(ProviderErrorKind.ContentPolicy, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Empty(sim.Host.Ledger.ForJob("job-blocked"));
        // Task dialects refuse at creation or fail the task; either way the paid request went out once.
        Assert.InRange(sim.Host.Stats.Requests, 1, 2);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Submit_WrongKey_AuthenticationSentOnce(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(dialect, key: "sk-wrong-key-000000");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(dialect), "job", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Authentication, ex.Error.Kind);
        Assert.Equal(1, sim.Host.Stats.Requests);
    }

    [Theory]
    [MemberData(nameof(AllDialects))]
    public async Task Submit_AccountOverdue_AccountProblemSentOnce(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.OverdueKeys.Add(SimulatorFixture.Key);
        using var provider = sim.Create(dialect);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(dialect), "job", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.AccountProblem, ex.Error.Kind);
        Assert.Equal(1, sim.Host.Stats.Requests);
    }

    [Theory]
    [InlineData(ProviderDialect.Ark)]
    [InlineData(ProviderDialect.AceData)]
    [InlineData(ProviderDialect.OpenAICompatible)]
    public async Task Submit_RateLimited_HandedToEngineAtOnceThenBilledOnce(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.RequestsPerMinute = 1;
        // Sync Ace Data: one request per job, so the limit of one per minute falls on the second paid request, not a poll.
        using var provider = sim.Create(dialect, sim.Settings(dialect) with { Async = false });
        await TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect), "job-first");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect, "a blue sneaker"), "job-second"));

        // The adapter does not retry a paid 429 itself: the engine's limiter waits Retry-After and resubmits.
        Assert.Equal(ProviderErrorKind.RateLimited, ex.Error.Kind);
        Assert.True(ex.IsRetryable);
        var wait = Assert.NotNull(ex.Error.RetryAfter);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(2, sim.Host.Stats.Requests);
        Assert.Empty(sim.Host.Ledger.ForJob("job-second"));

        sim.Time.Advance(wait);
        var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect, "a blue sneaker"), "job-second");
        Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Equal(1, sim.Host.Stats.Count("rate_limited"));
        Assert.Equal(1, sim.Host.Ledger.ForJob("job-second").Sum(c => c.Images));
    }

    [Theory]
    [InlineData(ProviderDialect.Ark)]
    [InlineData(ProviderDialect.OpenAICompatible)]
    [InlineData(ProviderDialect.Sinan)]
    public async Task Submit_BadGateway_OutcomeUnknownSentOnce(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.Error502Rate = 1;
        using var provider = sim.Create(dialect);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(SimulatorFixture.Request(dialect), "job-502", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.Equal(1, sim.Host.Stats.Requests);
    }

    [Theory]
    [InlineData(ProviderDialect.Ark)]
    [InlineData(ProviderDialect.OpenAICompatible)]
    [InlineData(ProviderDialect.AceData)]
    public async Task Submit_ResetAfterCharge_BilledOnceOutcomeUnknownNotResent(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.ResetAfterChargeRate = 1;
        using var provider = sim.Create(dialect, sim.Settings(dialect) with { Async = false });

        var ex = await Assert.ThrowsAsync<ProviderException>(() => TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect), "job-reset"));

        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        Assert.False(ex.IsRetryable);
        Assert.Equal(1, sim.Host.Ledger.ForJob("job-reset").Sum(c => c.Images));
        Assert.Equal(1, sim.Host.Stats.Requests);
        Assert.Equal(1, sim.Host.Stats.Count("reset_after_charge"));
    }

    [Fact]
    public async Task Submit_HangAfterCharge_TimesOutAsOutcomeUnknownBilledOnce()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.HangAfterChargeRate = 1;
        using var provider = sim.Create(ProviderDialect.Ark, sim.Settings(ProviderDialect.Ark) with { RequestTimeout = TimeSpan.FromSeconds(30) });

        var submit = provider.SubmitAsync(SimulatorFixture.Request(ProviderDialect.Ark), "job-hang", CancellationToken.None);
        await sim.Time.WaitForTimerAsync(due => due == TimeSpan.FromMinutes(10)); // the sim hangs, charged already
        sim.Time.Advance(TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<ProviderException>(() => submit);
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, ex.Error.Kind);
        // A resend would have been charged again at once (the sim charges before it hangs).
        Assert.Equal(1, sim.Host.Ledger.ForJob("job-hang").Sum(c => c.Images));
    }

    [Fact]
    public async Task Stream_ArkDroppedAfterOneEvent_ImageKeptRestOutcomeUnknownAllBilled()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.StreamDropRate = 1;
        sim.Host.Faults.StreamDropAfterEvents = 1;
        using var provider = sim.Create(ProviderDialect.Ark);

        var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(ProviderDialect.Ark, count: 3, options: new GenerationOptions { Stream = true }), "job-drop");

        Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, Assert.IsType<ImageFailure>(outputs[1]).Error.Kind);
        Assert.IsType<BilledUsage>(outputs[^1]);
        // Ark generated and billed all three although only one reached us.
        Assert.Equal(3, sim.Host.Ledger.ForJob("job-drop").Sum(c => c.Images));
        Assert.Equal(1, sim.Host.Stats.Requests);
        Assert.Equal((1, 0), (sim.Host.Stats.Count("stream_drop"), sim.Host.Stats.Count("ok")));
    }

    [Theory]
    [InlineData("wrong", ProviderErrorKind.Authentication)]
    [InlineData("blocked", ProviderErrorKind.ContentPolicy)]
    [InlineData("overdue", ProviderErrorKind.AccountProblem)]
    public async Task Submit_KieAiErrorInHttp200_ClassifiedFromBodySentOnce(string case_, ProviderErrorKind expected)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        if (case_ == "overdue")
        {
            sim.Host.Faults.OverdueKeys.Add(SimulatorFixture.Key);
        }

        var settings = sim.Settings(ProviderDialect.Kie) with { KieApi = SeedreamBatch.Core.Providers.KieApi.KieAi };
        using var provider = sim.Create(ProviderDialect.Kie, settings, key: case_ == "wrong" ? "sk-wrong-key-000000" : SimulatorFixture.Key);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => provider.SubmitAsync(
            SimulatorFixture.Request(ProviderDialect.Kie, case_ == "blocked" ? "a sim-blocked scene" : "a red sneaker on white"), "job", CancellationToken.None));

        Assert.Equal(expected, ex.Error.Kind);
        Assert.Equal(1, sim.Host.Stats.Requests);
    }

    [Fact]
    public async Task Stream_Ark_EveryImageHandedOnWithReportedUsage()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(ProviderDialect.Ark);

        var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(ProviderDialect.Ark, count: 3, options: new GenerationOptions { Stream = true }), "job-stream");

        Assert.Equal([0, 1, 2], outputs.OfType<GeneratedImage>().Select(i => i.Index));
        Assert.Equal(new BilledUsage(3, 0.12m, true), outputs[^1]);
        Assert.Equal(3, sim.Host.Ledger.ForJob("job-stream").Sum(c => c.Images));
    }

    [Fact]
    public async Task Run_Ark_Base64AnswerDecoded()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        using var provider = sim.Create(ProviderDialect.Ark);

        var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(ProviderDialect.Ark, options: new GenerationOptions { ResponseFormat = "b64_json" }));

        var image = Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Null(image.Url);
        Assert.Equal([0xFF, 0xD8], image.Bytes![..2]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_ArkPartialFailures_FailuresHandedOnAndOnlySuccessesBilled(bool stream)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.PartialFailureRate = 0.5;
        using var provider = sim.Create(ProviderDialect.Ark);

        var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(ProviderDialect.Ark, count: 8, options: new GenerationOptions { Stream = stream }), "job-partial");

        var images = outputs.OfType<GeneratedImage>().Count();
        var failures = outputs.OfType<ImageFailure>().ToList();
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Equal(ProviderErrorKind.PartialFailure, f.Error.Kind));
        // Ark stops a stream at its first internal error; a sync batch reports every image.
        if (stream)
        {
            Assert.Single(failures);
            Assert.Equal(failures[0].Index, images);
        }
        else
        {
            Assert.Equal(8, images + failures.Count);
        }

        Assert.All(failures, f => Assert.Equal("InternalServiceError", f.Error.ProviderCode));
        Assert.Equal(images, Assert.IsType<BilledUsage>(outputs[^1]).Images);
        Assert.Equal(images, sim.Host.Ledger.ForJob("job-partial").Sum(c => c.Images));
    }

    [Theory]
    [MemberData(nameof(TaskDialects))]
    [InlineData(ProviderDialect.AceData)]
    [InlineData(ProviderDialect.Replicate)]
    public async Task TryResumeAsync_KnownTask_FetchedWithoutPayingAgain(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var settings = sim.Settings(dialect) with { Async = dialect == ProviderDialect.AceData };
        string taskId;
        using (var crashed = sim.Create(dialect, settings))
        {
            var handle = await crashed.SubmitAsync(SimulatorFixture.Request(dialect), "job-resume", CancellationToken.None);
            taskId = handle.TaskId!;
            handle.Dispose(); // the run dies before awaiting
        }

        using var resumed = sim.Create(dialect, settings);
        var again = await resumed.TryResumeAsync(SimulatorFixture.Request(dialect), "job-resume", taskId, CancellationToken.None);
        var outputs = await TestRequests.DrainAsync(resumed, again!);

        Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Equal(1, sim.Host.Ledger.ForJob("job-resume").Sum(c => c.Images));
        Assert.Null(await resumed.TryResumeAsync(SimulatorFixture.Request(dialect), "job-resume", "no-such-task", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TaskDialects))]
    public async Task AwaitAsync_SlowTask_PolledWithBackoffUntilDone(ProviderDialect dialect)
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.RequestLatency = SeedreamBatch.Simulator.LatencyDistribution.Fixed(TimeSpan.FromSeconds(20));
        using var provider = sim.Create(dialect);
        var handle = await provider.SubmitAsync(SimulatorFixture.Request(dialect), "job-slow", CancellationToken.None);

        var drain = TestRequests.DrainAsync(provider, handle);
        while (!drain.IsCompleted)
        {
            await Task.WhenAny(drain, sim.Time.WaitForTimerAsync(due => due > TimeSpan.Zero && due <= TimeSpan.FromSeconds(20)));
            if (!drain.IsCompleted)
            {
                sim.Time.Advance(sim.Time.PendingDueTimes.Where(d => d > TimeSpan.Zero).Min());
            }
        }

        var outputs = await drain;
        Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.True(sim.Time.GetUtcNow() - sim.Time.Start >= TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Replicate_PreferWaitRunsOut_ProcessingThenPolledToTheOutput()
    {
        // Prefer: wait holds the create answer up to 60 s; a slower prediction comes back processing and is polled.
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Host.Faults.RequestLatency = SeedreamBatch.Simulator.LatencyDistribution.Fixed(TimeSpan.FromSeconds(90));
        // Attempt timeouts far beyond the timers this test advances (the 60 s wait, the 90 s generation, poll waits).
        using var provider = sim.Create(ProviderDialect.Replicate, sim.Settings(ProviderDialect.Replicate) with { RequestTimeout = TimeSpan.FromMinutes(10) });

        var run = TestRequests.RunAsync(provider, SimulatorFixture.Request(ProviderDialect.Replicate), "job-wait");

        // The 90 s generation timer starts before the create's 60 s Prefer wait does: advancing on the first timer seen
        // could run the generation out before the wait exists, and the create would then answer with the output.
        await sim.Time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(60));
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, sim.Time.WaitForTimerAsync(due => due > TimeSpan.Zero && due <= TimeSpan.FromSeconds(90)));
            if (!run.IsCompleted)
            {
                sim.Time.Advance(sim.Time.PendingDueTimes.Where(d => d > TimeSpan.Zero).Min());
            }
        }

        var outputs = await run;
        Assert.IsType<GeneratedImage>(outputs[0]);
        Assert.Equal(1, sim.Host.Ledger.ForJob("job-wait").Sum(c => c.Images));
        // The create answered after 60 s (processing), then at least one poll.
        Assert.True(sim.Host.Stats.Requests >= 2);
        Assert.True(sim.Time.GetUtcNow() - sim.Time.Start >= TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Fal_BearerInsteadOfKey_Unauthorized()
    {
        // fal takes `Authorization: Key <key>` (§6): the simulator refuses any other scheme, and the adapter sends Key.
        await using var sim = await SimulatorFixture.StartAsync();
        using var client = new HttpClient { BaseAddress = sim.Host.BaseUri };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SimulatorFixture.Key);

        using var response = await client.PostAsync("/fal-ai/bytedance/seedream/v4/text-to-image", new StringContent("""{"prompt":"x"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Everything_Written_NeverContainsTheKey()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var written = new List<string>();
        foreach (var dialect in Enum.GetValues<ProviderDialect>())
        {
            using var provider = sim.Create(dialect);
            foreach (var prompt in new[] { "a clean product shot", "a sim-blocked scene" })
            {
                try
                {
                    var outputs = await TestRequests.RunAsync(provider, SimulatorFixture.Request(dialect, prompt));
                    written.Add(JsonSerializer.Serialize<object[]>([.. outputs]));
                }
                catch (ProviderException ex)
                {
                    written.Add(ex.ToString());
                    written.Add(JsonSerializer.Serialize(ex.Error));
                }
            }

            using var wrongKeyProvider = sim.Create(dialect, key: SimulatorFixture.Key + "-revoked");
            var auth = await Assert.ThrowsAsync<ProviderException>(() => wrongKeyProvider.SubmitAsync(SimulatorFixture.Request(dialect), "job", CancellationToken.None));
            written.Add(auth.ToString());
        }

        written.AddRange(sim.Log.Lines);
        var dir = Directory.CreateTempSubdirectory("seedream-keyscan-");
        try
        {
            for (var i = 0; i < written.Count; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, $"{i}.txt"), written[i]);
            }

            // The grep over everything the run wrote.
            var hits = dir.EnumerateFiles("*", SearchOption.AllDirectories).Where(f => File.ReadAllText(f.FullName).Contains(SimulatorFixture.Key, StringComparison.Ordinal)).ToList();
            Assert.Empty(hits);
            Assert.True(written.Count >= 15);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
