using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Commands;

[Collection(ConsoleCollection.Name)]
public sealed class StatusCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "seedream-status-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Status_JobDoneInPart_ShowsFailedImagesByKindAndExits1()
    {
        using (var store = StateStore.Open(StateStore.PathFor(_dir), TimeProvider.System))
        {
            var job = Job(0, images: 3);
            await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
            await store.RecordGeneratedAsync(
                job.Key, 0.04m, 2, ["http://x/0.png", null, "http://x/2.png"],
                [new ImageFailureRecord(1, new JobFailure(FailureKind.ContentPolicy, "OutputImageSensitiveContentDetected", "refused"))],
                CancellationToken.None);
            await store.RecordDoneAsync(
                job.Key, job.ProcessingKey, [],
                [new ImageFailureRecord(2, new JobFailure(FailureKind.DownloadFailed, "corrupt", "the downloaded image is not usable (corrupt)"))],
                CancellationToken.None);
            var whole = Job(1, images: 1);
            await store.RecordSubmittingAsync(whole, "run-1", CancellationToken.None);
            await store.RecordGeneratedAsync(whole.Key, 0.04m, 1, ["http://x/a.png"], CancellationToken.None);
            await store.RecordDoneAsync(whole.Key, whole.ProcessingKey, [], CancellationToken.None);
        }

        var (code, output, _) = CliRun.Invoke("status", _dir);

        // A job done in part is a failure a script must see, as run's own exit code says.
        Assert.Equal(ExitCodes.SomeJobsFailed, code);
        Assert.Contains("Failed images: 2 (content_policy 1, download_failed 1); 1 done jobs miss some of their images.", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private Job Job(long ordinal, int images)
    {
        var request = new GenerationRequest(
            ProviderDialect.Ark, SeedreamModel.Seedream45, "seedream-4-5-251128", $"A red shoe number {ordinal}", ImageSize.FromPixels(2048, 2048),
            Seed: null, References: [], ImageCount: images, GenerationOptions.Default);
        return new Job(
            Identity: JobKey.FromHex($"key-{ordinal:D6}"),
            ProcessingKey: "recipe-1",
            Ordinal: ordinal,
            Request: request,
            Output: new OutputPlan(_dir, $"sku-{ordinal:D6}/studio"),
            EstimatedCostUsd: 0.04m,
            Variables: new Dictionary<string, string> { ["sku"] = $"sku-{ordinal:D6}" },
            RequestedSeed: 1000,
            RepeatIndex: 0);
    }
}
