using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Saves every image of an answer as the job's originals (<c>{name}[-{i}].original.{ext}</c>) at once —
/// result URLs expire — and records them, so from here on nothing needs paying again. An image that cannot be
/// fetched is a failed image of the job, not the end of it: the others are still fetched and the job goes on with
/// them; only a job left without any original fails.
/// </summary>
/// <remarks>
/// The first Ctrl+C lets downloads in progress finish within <see cref="StopGrace"/>, then stops them (a drip-feeding
/// server must not hold the process): the job stays recorded as generated with its result URLs, and the next run
/// fetches what is missing, free, while the URLs are valid. Inline images involve no wait and are always saved.
/// </remarks>
internal sealed class DownloadImagesStage(ImageDownloader downloader, StateStore store, TimeProvider time, CancellationToken stop)
{
    /// <summary>How long downloads may go on after the first Ctrl+C: the process must end within seconds.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken abort)
    {
        if (item.Action is not (WorkAction.Generate or WorkAction.ResumeTask or WorkAction.Redownload) || item.Result is not { } result)
        {
            return item;
        }

        var job = item.Job;
        using var afterStop = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var onStop = stop.Register(static s => ((CancellationTokenSource)s!).CancelAfter(StopGrace), afterStop);
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(afterStop.Token, abort);

        // Kept originals (a download taken up again) mean a job of several images even when one is fetched now.
        var numbered = result.Images.Count > 1 || job.Request.ImageCount > 1 || item.Originals.Count > 0 || result.Images.Any(i => i.Index > 0);
        foreach (var image in result.Images)
        {
            var index = image.Index;
            var relativeBase = numbered ? $"{job.Output.RelativeBaseName}-{index}" : job.Output.RelativeBaseName;
            var target = Path.Combine(job.Output.Directory, $"{relativeBase}.{OutputRecord.OriginalVariant}");
            DownloadedFile file;
            try
            {
                file = await downloader.DownloadAsync(image, target, image.FetchUrl is null ? abort : stopOrAbort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (afterStop.IsCancellationRequested && !abort.IsCancellationRequested)
            {
                item.Finish(WorkOutcome.Interrupted);
                return item;
            }
            catch (DownloadFailedException e)
            {
                item.SetFailedImage(index, new JobFailure(FailureKind.DownloadFailed, e.Code, e.Message));
                continue;
            }

            item.SetOriginal(index, file);

            // Recorded one by one: if image i+1 fails, or the run dies, the paid images already saved are not orphaned.
            await store.RecordOriginalsAsync(job.Key, item.Originals, CancellationToken.None).ConfigureAwait(false);
        }

        item.FailIfNoImageLeft("be downloaded");
        return item;
    }
}
