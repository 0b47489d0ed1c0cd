using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>How a rerun takes up a failed job: by what its failure means, never by paying blindly.</summary>
public sealed class ResumeFailedTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public ResumeFailedTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_UnknownOutcomeFailure_RetryFailedLeavesItAndRetryUnknownSubmits()
    {
        await _engine.RunAsync(_engine.Jobs(1), new FakeImageProvider
        {
            Fault = (_, _) => Answer.Error(ProviderErrorKind.OutcomeUnknown, null, "timed out after sending"),
        });

        var retryFailed = new FakeImageProvider();
        var second = await _engine.RunAsync(_engine.Jobs(1), retryFailed, retryFailed: true);
        var retryUnknown = new FakeImageProvider();
        var third = await _engine.RunAsync(_engine.Jobs(1), retryUnknown, retryUnknown: true);

        Assert.Equal((0, 1), (retryFailed.TotalSubmits, second.SkippedFailed));
        Assert.Equal((1, 1), (retryUnknown.TotalSubmits, third.Done));
    }

    [Fact]
    public async Task RunAsync_FailedWithTaskId_RetryFailedPollsTheTaskWithoutSubmitting()
    {
        await _engine.RunAsync(_engine.Jobs(1), new FakeImageProvider
        {
            UsesTasks = true,
            PollFault = (_, _) => Answer.Error(ProviderErrorKind.OutcomeUnknown, "503", "poll could not get through"),
        });
        var record = await GetJobAsync(TestJobs.Create(0));
        Assert.Equal((JobStatus.Failed, FailureKind.UnknownOutcome), (record.Status, record.Failure!.Kind));
        var client = new FakeImageProvider { UsesTasks = true };
        client.KnowTask(record.TaskId!, TestJobs.Create(0).Request.Prompt);

        var outcome = await _engine.RunAsync(_engine.Jobs(1), client, retryFailed: true);

        Assert.Equal((0, 1, 1), (client.TotalSubmits, client.TotalPolls, outcome.Done));
    }

    [Fact]
    public async Task RunAsync_DownloadFailedWithResultUrls_RetryFailedDownloadsAgainWithoutSubmitting()
    {
        await using var server = await LoopbackServer.StartAsync();
        var png = TestImages.Png(64, 64);
        var url = server.Map("/img.png", (context, _) => context.Response.Body.WriteAsync(png).AsTask());
        var job = TestJobs.Create(0, _dir.Path);
        await RecordBilledDownloadFailureAsync(job, url, TimeProvider.System);
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((0, 1, 1), (client.TotalSubmits, server.Hits("/img.png"), outcome.Done));
    }

    [Fact]
    public async Task RunAsync_DownloadFailedWithExpiredUrls_FailsWithClearMessageWithoutPaying()
    {
        var job = TestJobs.Create(0, _dir.Path);
        await RecordBilledDownloadFailureAsync(job, "http://127.0.0.1:9/gone.png", new FakeClock(DateTimeOffset.UtcNow.AddDays(-2)));
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((0, 1), (client.TotalSubmits, outcome.Failed));
        var failure = (await GetJobAsync(job)).Failure!;
        Assert.Equal("urls_expired", failure.Code);
        Assert.Contains("--retry-unknown", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PlainFailure_RetryFailedSubmitsAgain()
    {
        await _engine.RunAsync(_engine.Jobs(1), new FakeImageProvider
        {
            Fault = (_, _) => Answer.Error(ProviderErrorKind.InvalidRequest, "InvalidParameter", "bad size"),
        });
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync(_engine.Jobs(1), client, retryFailed: true);

        Assert.Equal((1, 1), (client.TotalSubmits, outcome.Done));
    }

    [Fact]
    public async Task RunAsync_SecondImageFailsToDownload_JobDoneWithTheFirstAndTheSecondRecordedAsFailed()
    {
        var job = TestJobs.Create(0, _dir.Path, images: 2);
        var client = new FakeImageProvider
        {
            ImagesFor = _ => [Answer.Base64(Convert.ToBase64String(TestImages.Png(64, 64))), Answer.Base64("%%% not base64")],
        };

        var outcome = await _engine.RunAsync([job], client);

        Assert.Equal((1, 1, RunStatus.CompletedWithFailures), (outcome.Done, outcome.PartlyDone, outcome.Status));
        using var reader = _engine.OpenReader();
        var original = Assert.Single(await reader.GetOutputsAsync(job.Key, CancellationToken.None), o => o.Variant == "original");
        Assert.Equal(("sku-000000/studio-0.original.png", true), (original.Path, File.Exists(_dir.Combine(original.Path))));
        var failed = Assert.Single(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
        Assert.Equal((1, FailureKind.DownloadFailed), (failed.ImageIndex, failed.Failure.Kind));
    }

    [Fact]
    public async Task RunAsync_OutputNameChanged_MovesFilesToNewNamesWithoutPaying()
    {
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider());
        var renamed = _engine.Jobs(3).Select(j => j with { Output = new OutputPlan(j.Output.Directory, $"renamed/{j.Ordinal}") }).ToList();
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync(renamed, client);

        Assert.Equal((0, 3), (client.TotalSubmits, outcome.SkippedDone));
        using var reader = _engine.OpenReader();
        var outputs = await reader.GetOutputsAsync(renamed[1].Key, CancellationToken.None);
        Assert.Equal(["renamed/1.original.png", "renamed/1.web.png"], outputs.Select(o => o.Path));
        Assert.All(outputs, o => Assert.True(File.Exists(_dir.Combine(o.Path)), o.Path));
        Assert.False(File.Exists(_dir.Combine("sku-000001", "studio.original.png")));
        var third = await _engine.RunAsync(renamed, client);
        Assert.Equal((0, 3), (client.TotalSubmits, third.SkippedDone));
    }

    [Fact]
    public async Task RunAsync_TwoJobsSwapOutputNames_NoFileIsOverwrittenAndNothingIsPaid()
    {
        var jobs = _engine.Jobs(2).ToList();
        await _engine.RunAsync(jobs, new FakeImageProvider());
        var before = Directory.GetFiles(_dir.Path, "*.png", SearchOption.AllDirectories).ToDictionary(p => p, File.ReadAllBytes);
        var swapped = new[]
        {
            jobs[0] with { Output = jobs[1].Output },
            jobs[1] with { Output = jobs[0].Output },
        };
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync(swapped, client);
        var again = await _engine.RunAsync(swapped, client);

        // Each rename would land on the other job's paid file: both keep their names, every file is as it was.
        Assert.Equal((0, 2, 2), (client.TotalSubmits, outcome.SkippedDone, again.SkippedDone));
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
        using var reader = _engine.OpenReader();
        var first = await reader.GetOutputsAsync(jobs[0].Key, CancellationToken.None);
        Assert.All(first, o => Assert.StartsWith(jobs[0].Output.RelativeBaseName, o.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_NewNameHeldByAJobMovingOnInTheSameRun_ChainResolvesWithoutLoss()
    {
        var jobs = _engine.Jobs(2).ToList();
        await _engine.RunAsync(jobs, new FakeImageProvider());
        var freed = new OutputPlan(jobs[1].Output.Directory, "moved-on/1");
        var chain = new[]
        {
            jobs[0] with { Output = jobs[1].Output },
            jobs[1] with { Output = freed },
        };
        var client = new FakeImageProvider();

        await _engine.RunAsync(chain, client);
        await _engine.RunAsync(chain, client);

        // Whatever order the stage met them in, after two runs both sit at their new names, unpaid.
        Assert.Equal(0, client.TotalSubmits);
        using var reader = _engine.OpenReader();
        var first = await reader.GetOutputsAsync(jobs[0].Key, CancellationToken.None);
        var second = await reader.GetOutputsAsync(jobs[1].Key, CancellationToken.None);
        Assert.All(first, o => Assert.StartsWith(jobs[1].Output.RelativeBaseName, o.Path, StringComparison.Ordinal));
        Assert.All(second, o => Assert.StartsWith("moved-on/1", o.Path, StringComparison.Ordinal));
        Assert.All(first.Concat(second), o => Assert.True(File.Exists(_dir.Combine(o.Path)), o.Path));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }

    private async Task<JobRecord> GetJobAsync(Job job)
    {
        using var reader = _engine.OpenReader();
        return (await reader.GetJobAsync(job.Key, CancellationToken.None))!;
    }

    /// <summary>What a run leaves when the provider billed the images but every download attempt failed.</summary>
    private async Task RecordBilledDownloadFailureAsync(Job job, string url, TimeProvider time)
    {
        using var store = StateStore.Open(_engine.DatabasePath, time);
        await store.RecordSubmittingAsync(job, "earlier-run", CancellationToken.None);
        await store.RecordGeneratedAsync(job.Key, 0.04m, 1, [url], CancellationToken.None);
        await store.RecordFailedAsync(job, "earlier-run", new JobFailure(FailureKind.DownloadFailed, "http_503", "CDN down"), CancellationToken.None);
    }
}
