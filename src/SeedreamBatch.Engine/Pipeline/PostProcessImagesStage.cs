using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Makes the recipe's variants from each original and hashes them; CPU-bound, so it runs one per core.
/// </summary>
/// <remarks>
/// An original whose bytes are unusable (corrupt, truncated, not an image) was paid for: it is fetched again from its
/// result URL (free) up to <see cref="DownloadOptions.UnusableRefetches"/> times. Still unusable (or inline, with no URL
/// to fetch again), it becomes a failed image of the job (<see cref="FailureKind.DownloadFailed"/> with the reason as
/// code, the URL kept), like an image that could not be fetched: the job keeps its other images, and
/// <c>--retry-failed</c> fetches it again while the URL lives instead of paying for the job again.
/// </remarks>
internal sealed class PostProcessImagesStage(IImagePostProcessor processor, ImageDownloader downloader, StateStore store)
{
    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken abort)
    {
        if (item.Originals.Count == 0)
        {
            return item;
        }

        try
        {
            foreach (var original in item.Originals.ToList())
            {
                await ProcessOrRefetchAsync(item, original, abort).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            item.Fail(new JobFailure(FailureKind.PostProcessFailed, e.GetType().Name, e.Message));
            return item;
        }

        // As in the download stage: a job left without any image fails, its images still recorded (and their URLs kept).
        item.FailIfNoImageLeft("be used");
        return item;
    }

    /// <summary>Makes the variants of one original, fetching it again while its bytes are unusable; then gives it up.</summary>
    private async Task ProcessOrRefetchAsync(WorkItem item, OutputRecord original, CancellationToken abort)
    {
        for (var fetches = 1; ; fetches++)
        {
            try
            {
                await ProcessAsync(item, original, abort).ConfigureAwait(false);
                return;
            }
            catch (UnusableImageException e) when (!abort.IsCancellationRequested)
            {
                var url = UrlOf(item, original.ImageIndex);
                if (url is null || fetches > downloader.Options.UnusableRefetches)
                {
                    var why = url is null
                        ? $"{e.Message} (an inline image: nothing to fetch again)"
                        : $"{e.Message} (fetched {fetches} times)";
                    await DropAsync(item, original, new JobFailure(FailureKind.DownloadFailed, e.Code, why)).ConfigureAwait(false);
                    return;
                }

                try
                {
                    original = await RefetchAsync(item, original, url, abort).ConfigureAwait(false);
                }
                catch (DownloadFailedException d)
                {
                    await DropAsync(item, original, new JobFailure(FailureKind.DownloadFailed, d.Code, d.Message)).ConfigureAwait(false);
                    return;
                }
            }
        }
    }

    private async Task ProcessAsync(WorkItem item, OutputRecord original, CancellationToken abort)
    {
        var job = item.Job;
        var path = Path.Combine(job.Output.Directory, original.Path);
        var variants = await processor.ProcessAsync(job, original.ImageIndex, path, abort).ConfigureAwait(false);
        item.Variants.AddRange(variants.Select(v => new OutputRecord(
            original.ImageIndex, v.Name, OutputPaths.Relative(job.Output.Directory, v.Path), v.Format, v.Width, v.Height, v.Bytes, v.Sha256)
        {
            Stamp = FileStamp.Of(v.Path),
        }));
    }

    /// <summary>Downloads the image again over its unusable original and records the new one (no paid call).</summary>
    private async Task<OutputRecord> RefetchAsync(WorkItem item, OutputRecord original, string url, CancellationToken abort)
    {
        var job = item.Job;
        var oldPath = Path.Combine(job.Output.Directory, original.Path);
        var target = Path.Combine(Path.GetDirectoryName(oldPath)!, Path.GetFileNameWithoutExtension(oldPath));
        var file = await downloader.DownloadAsync(new GeneratedImage(original.ImageIndex, url), target, abort).ConfigureAwait(false);
        if (!string.Equals(Path.GetFullPath(oldPath), file.Path, StringComparison.Ordinal))
        {
            File.Delete(oldPath);
        }

        var fetched = item.SetOriginal(original.ImageIndex, file);
        await store.RecordOriginalsAsync(job.Key, item.Originals, CancellationToken.None).ConfigureAwait(false);
        return fetched;
    }

    /// <summary>The original is unusable for good (in this run): its file goes, and it is a failed image of the job.</summary>
    private async Task DropAsync(WorkItem item, OutputRecord original, JobFailure failure)
    {
        var job = item.Job;
        File.Delete(Path.Combine(job.Output.Directory, original.Path));
        item.Originals.RemoveAll(o => o.ImageIndex == original.ImageIndex);
        item.Variants.RemoveAll(v => v.ImageIndex == original.ImageIndex);
        item.SetFailedImage(original.ImageIndex, failure);

        // The failure itself is recorded with the job's last record (done in part, or failed); until then a crash
        // leaves the job with its URL and without this original, and the next run fetches it again.
        await store.RecordOriginalsAsync(job.Key, item.Originals, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The result URL of image <paramref name="imageIndex"/> of this run's answer (or of the recorded one being fetched again); null for inline images.</summary>
    private static string? UrlOf(WorkItem item, int imageIndex) =>
        item.Result?.Images.FirstOrDefault(i => i.Index == imageIndex)?.FetchUrl;
}
