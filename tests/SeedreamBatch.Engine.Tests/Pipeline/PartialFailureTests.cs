using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>
/// A job that asked for several images and got only some (the provider refused some of a batch, or some could not be
/// downloaded): it keeps what it got, every failed image is recorded, and a rerun never pays for it again.
/// </summary>
public sealed class PartialFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public PartialFailureTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_ProviderRefusesTheMiddleOfThreeImages_DoneWithTwoFilesUnderTheirOwnNumbersAndTheRefusalRecorded()
    {
        var job = TestJobs.Create(0, _dir.Path, costUsd: 0.12m, images: 3);

        var outcome = await _engine.RunAsync([job], RefusingSecondImage());

        Assert.Equal((1, 1, RunStatus.CompletedWithFailures), (outcome.Done, outcome.PartlyDone, outcome.Status));
        Assert.Equal(2, outcome.ImagesGenerated);
        using var reader = _engine.OpenReader();
        var record = (await reader.GetJobAsync(job.Key, CancellationToken.None))!;
        Assert.Equal((JobStatus.Done, 2, 0.08m), (record.Status, record.BilledImages, record.BilledCostUsd));
        var originals = (await reader.GetOutputsAsync(job.Key, CancellationToken.None)).Where(o => o.Variant == "original").ToList();
        Assert.Equal(["sku-000000/studio-0.original.png", "sku-000000/studio-2.original.png"], originals.Select(o => o.Path));
        var failed = Assert.Single(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
        Assert.Equal(new ImageFailureRecord(1, new JobFailure(FailureKind.ContentPolicy, "OutputImageSensitiveContentDetected", "image 2 was blocked")), failed);
    }

    [Fact]
    public async Task RunAsync_PartlyDoneJobRerun_NeverPaidAgainEvenWithRetryFailedButForceDoes()
    {
        var job = TestJobs.Create(0, _dir.Path, images: 3);
        await _engine.RunAsync([job], RefusingSecondImage());

        var plain = new FakeImageProvider();
        var second = await _engine.RunAsync([job], plain);
        var retrying = new FakeImageProvider();
        var third = await _engine.RunAsync([job], retrying, retryFailed: true, retryUnknown: true);
        var forcing = new FakeImageProvider();
        var fourth = await _engine.RunAsync([job], forcing, force: true);

        Assert.Equal((0, 1, 1, RunStatus.CompletedWithFailures), (plain.TotalSubmits, second.SkippedDone, second.PartlyDone, second.Status));
        Assert.Equal((0, 1, 1, RunStatus.CompletedWithFailures), (retrying.TotalSubmits, third.SkippedDone, third.PartlyDone, third.Status));
        Assert.Equal((1, 1, 0, RunStatus.Completed), (forcing.TotalSubmits, fourth.Done, fourth.PartlyDone, fourth.Status));
        using var reader = _engine.OpenReader();
        Assert.Empty(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_SecondDownloadRefusedOnce_DoneInPartThenRetryFailedFetchesOnlyThatImageWithoutPaying()
    {
        await using var server = await LoopbackServer.StartAsync();
        var png = TestImages.Png(64, 64);
        var first = server.Map("/0.png", (context, _) => context.Response.Body.WriteAsync(png).AsTask());
        var second = server.Map("/1.png", (context, hit) =>
        {
            context.Response.StatusCode = hit == 1 ? 404 : 200;
            return hit == 1 ? Task.CompletedTask : context.Response.Body.WriteAsync(TestImages.Png(64, 64, fill: 7)).AsTask();
        });
        var job = TestJobs.Create(0, _dir.Path, images: 2);
        var client = new FakeImageProvider { ImagesFor = _ => [Answer.Url(first), Answer.Url(second)] };

        var firstRun = await _engine.RunAsync([job], client);
        var plainRun = await _engine.RunAsync([job], client);
        var retryRun = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((1, 1), (firstRun.Done, firstRun.PartlyDone));
        Assert.Equal((1, 1, RunStatus.CompletedWithFailures), (plainRun.SkippedDone, plainRun.PartlyDone, plainRun.Status));
        Assert.Equal((1, 0, 1, RunStatus.Completed), (retryRun.Done, retryRun.PartlyDone, retryRun.ImagesGenerated, retryRun.Status));
        Assert.Equal((1, 1, 2), (client.TotalSubmits, server.Hits("/0.png"), server.Hits("/1.png")));
        using var reader = _engine.OpenReader();
        Assert.Empty(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
        var outputs = await reader.GetOutputsAsync(job.Key, CancellationToken.None);
        Assert.Equal(["original", "web", "original", "web"], outputs.Select(o => o.Variant));
        Assert.Equal([0, 0, 1, 1], outputs.Select(o => o.ImageIndex));
        Assert.Null((await reader.GetJobAsync(job.Key, CancellationToken.None))!.Failure);
    }

    [Fact]
    public async Task RunAsync_EveryDownloadFails_JobFailsWithEachImageRecorded()
    {
        var job = TestJobs.Create(0, _dir.Path, images: 2);
        var client = new FakeImageProvider { ImagesFor = _ => [Answer.Base64("%%%"), Answer.Base64("###")] };

        var outcome = await _engine.RunAsync([job], client);

        Assert.Equal((1, 0), (outcome.Failed, outcome.PartlyDone));
        using var reader = _engine.OpenReader();
        var record = (await reader.GetJobAsync(job.Key, CancellationToken.None))!;
        Assert.Equal(FailureKind.DownloadFailed, record.Failure!.Kind);
        Assert.StartsWith("none of the 2 images could be downloaded", record.Failure.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1], (await reader.GetFailedImagesAsync(job.Key, CancellationToken.None)).Select(f => f.ImageIndex));
    }

    [Fact]
    public async Task RunAsync_CrashAfterTheFirstOfTwoDownloads_FetchesOnlyTheSecondWithoutPaying()
    {
        await using var server = await LoopbackServer.StartAsync();
        var png = TestImages.Png(64, 64);
        var first = server.Map("/0.png", (context, _) => context.Response.Body.WriteAsync(png).AsTask());
        var second = server.Map("/1.png", (context, _) => context.Response.Body.WriteAsync(TestImages.Png(64, 64, fill: 7)).AsTask());
        var job = TestJobs.Create(0, _dir.Path, images: 2);
        await SimulateCrashAfterFirstDownloadAsync(job, first, second, png);
        var client = new FakeImageProvider();

        var outcome = await _engine.RunAsync([job], client);

        Assert.Equal((0, 1, 1), (client.TotalSubmits, outcome.Done, outcome.ImagesGenerated));
        Assert.Equal((0, 1), (server.Hits("/0.png"), server.Hits("/1.png")));
        using var reader = _engine.OpenReader();
        var originals = (await reader.GetOutputsAsync(job.Key, CancellationToken.None)).Where(o => o.Variant == "original");
        Assert.Equal([0, 1], originals.Select(o => o.ImageIndex));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }

    /// <summary>Ark sequential generation with the middle image refused: images 0 and 2 made and billed, image 1 not.</summary>
    private static FakeImageProvider RefusingSecondImage() => new()
    {
        ImagesFor = _ =>
        [
            Answer.Base64(Convert.ToBase64String(TestImages.Png(64, 64, fill: 1)), 0),
            Answer.Base64(Convert.ToBase64String(TestImages.Png(64, 64, fill: 3)), 2),
        ],
        FailedImagesFor = _ => [Answer.Failed(1, ProviderErrorKind.ContentPolicy, "OutputImageSensitiveContentDetected", "image 2 was blocked")],
        BilledImages = _ => 2,
    };

    /// <summary>What a run killed between the first and the second download of a two-image answer leaves behind.</summary>
    private async Task SimulateCrashAfterFirstDownloadAsync(Job job, string firstUrl, string secondUrl, byte[] firstImage)
    {
        var path = _dir.Combine("sku-000000", "studio-0.original.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, firstImage);
        using var store = StateStore.Open(_engine.DatabasePath, TimeProvider.System);
        await store.RecordSubmittingAsync(job, "crashed-run", CancellationToken.None);
        await store.RecordGeneratedAsync(job.Key, 0.08m, 2, [firstUrl, secondUrl], CancellationToken.None);
        var sha = await FileHashes.Sha256Async(path, CancellationToken.None);
        await store.RecordOriginalsAsync(
            job.Key, [new OutputRecord(0, "original", "sku-000000/studio-0.original.png", "png", 64, 64, firstImage.Length, sha)], CancellationToken.None);
    }
}
