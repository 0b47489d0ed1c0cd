using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Saves every image of an answer as the job's originals (<c>{name}[-{i}].original.{ext}</c>) at once —
/// result URLs expire — and records them, so from here on nothing needs paying again. An image that cannot be
/// fetched is a failed image of the job, not the end of it: the others are still fetched and the job goes on with
/// them; only a job left without any original fails.
/// </summary>
internal sealed class DownloadImagesStage(ImageDownloader downloader, StateStore store)
{
    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken abort)
    {
        if (item.IsFinished || item.Action is not (WorkAction.Generate or WorkAction.ResumeTask or WorkAction.Redownload) || item.Result is null)
        {
            return item;
        }

        var job = item.Job;
        var images = item.Result.Images;

        // Kept originals (a download taken up again) mean a job of several images even when one is fetched now.
        var numbered = images.Count > 1 || job.Request.ImageCount > 1 || item.Originals.Count > 0 || images.Any(i => i.Index > 0);
        for (var i = 0; i < images.Count; i++)
        {
            var index = images[i].Index ?? i;
            var relativeBase = numbered ? $"{job.Output.RelativeBaseName}-{index}" : job.Output.RelativeBaseName;
            var target = Path.Combine(job.Output.Directory, $"{relativeBase}.{OutputRecord.OriginalVariant}");
            DownloadedFile file;
            try
            {
                file = await downloader.DownloadAsync(images[i], target, abort).ConfigureAwait(false);
            }
            catch (DownloadFailedException e)
            {
                item.FailedImages.Add(new ImageFailureRecord(index, new JobFailure(FailureKinds.DownloadFailed, e.Code, e.Message)));
                item.MissingImages.Add(index);
                continue;
            }

            item.Originals.RemoveAll(o => o.ImageIndex == index);
            item.Originals.Add(new OutputRecord(
                index, OutputRecord.OriginalVariant, OutputPaths.Relative(job.Output.Directory, file.Path), file.Format, file.Width, file.Height, file.Bytes, file.Sha256));
            item.MissingImages.Remove(index);

            // Recorded one by one: if image i+1 fails, or the run dies, the paid images already saved are not orphaned.
            await store.RecordOriginalsAsync(job.Key, item.Originals, CancellationToken.None).ConfigureAwait(false);
        }

        if (item.Originals.Count == 0 && item.FailedImages.Count > 0)
        {
            var first = item.FailedImages[0].Failure;
            var message = item.FailedImages.Count == 1 ? first.Message : $"none of the {item.FailedImages.Count} images could be downloaded; the first: {first.Message}";
            item.Fail(new JobFailure(FailureKinds.DownloadFailed, first.Code, message));
        }

        return item;
    }
}
