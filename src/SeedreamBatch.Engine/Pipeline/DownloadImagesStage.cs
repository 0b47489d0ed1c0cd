using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Saves every image of an answer as the job's originals (<c>{name}[-{i}].original.{ext}</c>) at once —
/// result URLs expire — and records them, so from here on nothing needs paying again.
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
        var numbered = images.Count > 1 || job.Request.ImageCount > 1;
        try
        {
            for (var i = 0; i < images.Count; i++)
            {
                var relativeBase = numbered ? $"{job.Output.RelativeBaseName}-{i}" : job.Output.RelativeBaseName;
                var target = Path.Combine(job.Output.Directory, $"{relativeBase}.{OutputRecord.OriginalVariant}");
                var file = await downloader.DownloadAsync(images[i], target, abort).ConfigureAwait(false);
                item.Originals.Add(new OutputRecord(
                    i, OutputRecord.OriginalVariant, OutputPaths.Relative(job.Output.Directory, file.Path), file.Format, file.Width, file.Height, file.Bytes, file.Sha256));

                // Recorded one by one: if image i+1 fails, the paid images already saved are not orphaned.
                await store.RecordOriginalsAsync(job.Key, item.Originals, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (DownloadFailedException e)
        {
            item.Fail(new JobFailure(FailureKinds.DownloadFailed, e.Code, e.Message));
        }

        return item;
    }
}
