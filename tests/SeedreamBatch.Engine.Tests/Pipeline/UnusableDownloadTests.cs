using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Adapters;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Imaging;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>
/// A paid image whose downloaded bytes post-processing refuses (corrupt, truncated, not an image) is fetched again
/// for free, in the run and with <c>--retry-failed</c>; it is never paid for again.
/// </summary>
public sealed class UnusableDownloadTests : IDisposable
{
    // A real 1×1 PNG: the probe reads more than a header sniffer.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    // What the simulator's corrupt fault serves: a PNG's signature and header, the rest scrambled.
    private static readonly byte[] Corrupt = Scrambled(Png);

    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;
    private readonly ImageProcessor _processor = new();

    public UnusableDownloadTests()
    {
        _engine = new EngineHarness(_dir.Path);

        // The real libvips adapter (its probe is what refuses the bytes), with no variants to make.
        _engine.OtherPostProcessor = new ImagingPostProcessor(_processor, [], 0, SeedreamBatch.Core.Manifest.ProvenanceSpec.Default);
    }

    [Fact]
    public async Task RunAsync_FirstFetchUnusable_FetchedAgainInTheSameRunAndDone()
    {
        await using var server = await LoopbackServer.StartAsync();
        var png = Png;
        var url = server.Map("/img.png", (context, hit) => context.Response.Body.WriteAsync(hit == 1 ? Corrupt : png).AsTask());
        var job = TestJobs.Create(0, _dir.Path);
        var client = new FakeImageProvider { ImagesFor = _ => [Answer.Url(url)] };

        var outcome = await _engine.RunAsync([job], client);

        Assert.Equal((1, 0, 0, RunStatus.Completed), (outcome.Done, outcome.Failed, outcome.PartlyDone, outcome.Status));
        Assert.Equal((1, 2), (client.TotalSubmits, server.Hits("/img.png")));
        using var reader = _engine.OpenReader();
        var original = Assert.Single(await reader.GetOutputsAsync(job.Key, CancellationToken.None));
        Assert.Equal(TestImages.Sha256(png), original.Sha256);
        Assert.Equal(png, await File.ReadAllBytesAsync(_dir.Combine(original.Path)));
        Assert.Empty(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_PersistentlyUnusable_RecordedAsFailedImageAndRetryFailedFetchesAgainWithoutPaying()
    {
        await using var server = await LoopbackServer.StartAsync();
        var png = Png;
        var healed = false;
        var url = server.Map("/img.png", (context, _) => context.Response.Body.WriteAsync(Volatile.Read(ref healed) ? png : Corrupt).AsTask());
        var job = TestJobs.Create(0, _dir.Path);
        var client = new FakeImageProvider { ImagesFor = _ => [Answer.Url(url)] };

        var first = await _engine.RunAsync([job], client);

        // One fetch and two more (DownloadOptions.UnusableRefetches), then the image is a recorded failure, its URL kept.
        Assert.Equal((0, 1, 1), (first.Done, first.Failed, client.TotalSubmits));
        Assert.Equal(3, server.Hits("/img.png"));
        var record = await GetJobAsync(job);
        Assert.Equal((JobStatus.Failed, FailureKind.DownloadFailed, "corrupt"), (record.Status, record.Failure!.Kind, record.Failure.Code));
        Assert.Equal([url], record.ResultUrls);
        using (var reader = _engine.OpenReader())
        {
            var failed = Assert.Single(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
            Assert.Equal((0, FailureKind.DownloadFailed, "corrupt"), (failed.ImageIndex, failed.Failure.Kind, failed.Failure.Code));
            Assert.Contains("fetched 3 times", failed.Failure.Message, StringComparison.Ordinal);
            Assert.Empty(await reader.GetOutputsAsync(job.Key, CancellationToken.None));
        }

        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "*.original.*", SearchOption.AllDirectories));

        // A plain rerun leaves it; --retry-failed fetches it again and never submits.
        var plain = await _engine.RunAsync([job], client);
        Volatile.Write(ref healed, true);
        var retry = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal(1, plain.SkippedFailed);
        Assert.Equal((1, 0, RunStatus.Completed), (retry.Done, retry.Failed, retry.Status));
        Assert.Equal((1, 4), (client.TotalSubmits, server.Hits("/img.png")));
        var after = await GetJobAsync(job);
        Assert.Equal((JobStatus.Done, 1, 0), (after.Status, after.Attempts, after.FailedImageCount));
    }

    [Fact]
    public async Task RunAsync_OneOfTwoImagesUnusable_JobDoneInPartAndRetryFailedFetchesOnlyThatOne()
    {
        await using var server = await LoopbackServer.StartAsync();
        var png = Png;
        var healed = false;
        var good = server.Map("/0.png", (context, _) => context.Response.Body.WriteAsync(png).AsTask());
        var bad = server.Map("/1.png", (context, _) => context.Response.Body.WriteAsync(Volatile.Read(ref healed) ? png : Corrupt).AsTask());
        var job = TestJobs.Create(0, _dir.Path, images: 2);
        var client = new FakeImageProvider { ImagesFor = _ => [Answer.Url(good), Answer.Url(bad)] };

        var first = await _engine.RunAsync([job], client);

        Assert.Equal((1, 1, RunStatus.CompletedWithFailures), (first.Done, first.PartlyDone, first.Status));
        using (var reader = _engine.OpenReader())
        {
            var original = Assert.Single(await reader.GetOutputsAsync(job.Key, CancellationToken.None));
            Assert.Equal("sku-000000/studio-0.original.png", original.Path);
            var failed = Assert.Single(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
            Assert.Equal((1, FailureKind.DownloadFailed, "corrupt"), (failed.ImageIndex, failed.Failure.Kind, failed.Failure.Code));
        }

        Volatile.Write(ref healed, true);
        var retry = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((1, 0, RunStatus.Completed), (retry.Done, retry.PartlyDone, retry.Status));
        Assert.Equal((1, 1, 4), (client.TotalSubmits, server.Hits("/0.png"), server.Hits("/1.png")));
        using var after = _engine.OpenReader();
        Assert.Equal(2, (await after.GetOutputsAsync(job.Key, CancellationToken.None)).Count);
        Assert.Empty(await after.GetFailedImagesAsync(job.Key, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_UnusableInlineImage_FailsWithoutRefetchAndRetryFailedNeverPaysAgain()
    {
        var job = TestJobs.Create(0, _dir.Path);
        var client = new FakeImageProvider { ImagesFor = _ => [Answer.Base64(Convert.ToBase64String(Corrupt))] };

        var first = await _engine.RunAsync([job], client);
        var retry = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((1, 1), (first.Failed, retry.Failed));
        Assert.Equal(1, client.TotalSubmits);
        var record = await GetJobAsync(job);
        Assert.Equal((FailureKind.DownloadFailed, "corrupt", 1), (record.Failure!.Kind, record.Failure.Code, record.Attempts));
        Assert.Contains("--retry-unknown", record.Failure.Message, StringComparison.Ordinal);

        // Only the risk flag pays again.
        var paying = new FakeImageProvider { ImagesFor = _ => [Answer.Base64(Convert.ToBase64String(Png))] };
        var paid = await _engine.RunAsync([job], paying, retryFailed: true, retryUnknown: true);
        Assert.Equal((1, 1), (paying.TotalSubmits, paid.Done));
    }

    [Fact]
    public async Task RunAsync_BilledPostProcessFailureWithIntactOriginal_RetryFailedProcessesAgainWithoutPaying()
    {
        var job = TestJobs.Create(0, _dir.Path);
        _engine.OtherPostProcessor = new ThrowingPostProcessor();
        await _engine.RunAsync([job], new FakeImageProvider());
        Assert.Equal(FailureKind.PostProcessFailed, (await GetJobAsync(job)).Failure!.Kind);
        _engine.OtherPostProcessor = null;
        var client = new FakeImageProvider();

        var retry = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((0, 1, 1), (client.TotalSubmits, retry.Done, _engine.PostProcessor.Calls));
    }

    [Fact]
    public async Task RunAsync_NeverBilledFailure_RetryFailedStillSubmitsAgain()
    {
        _engine.OtherPostProcessor = null;
        var job = TestJobs.Create(0, _dir.Path);
        await _engine.RunAsync([job], new FakeImageProvider
        {
            Fault = (_, _) => Answer.Error(ProviderErrorKind.ContentPolicy, "OutputImageSensitiveContentDetected", "refused"),
        });
        var client = new FakeImageProvider();

        var retry = await _engine.RunAsync([job], client, retryFailed: true);

        Assert.Equal((1, 1), (client.TotalSubmits, retry.Done));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _processor.Dispose();
        _dir.Dispose();
    }

    private async Task<JobRecord> GetJobAsync(Job job)
    {
        using var reader = _engine.OpenReader();
        return (await reader.GetJobAsync(job.Key, CancellationToken.None))!;
    }

    private static byte[] Scrambled(byte[] image)
    {
        var copy = (byte[])image.Clone();
        for (var i = 32; i < copy.Length; i++)
        {
            copy[i] ^= (byte)(0x5A + i);
        }

        return copy;
    }

    private sealed class ThrowingPostProcessor : IImagePostProcessor
    {
        public Task<IReadOnlyList<VariantResult>> ProcessAsync(Job job, int imageIndex, string originalPath, CancellationToken cancellationToken) =>
            throw new ImageProcessingException(ImageFailureReason.WatermarkUnavailable, "the watermark file is missing");
    }
}
