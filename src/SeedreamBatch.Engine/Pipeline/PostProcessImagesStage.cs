using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>Makes the recipe's variants from each original and hashes them; CPU-bound, so it runs one per core.</summary>
internal sealed class PostProcessImagesStage(IImagePostProcessor processor)
{
    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken abort)
    {
        if (item.IsFinished || item.Originals.Count == 0)
        {
            return item;
        }

        var job = item.Job;
        try
        {
            foreach (var original in item.Originals)
            {
                var path = Path.Combine(job.Output.Directory, original.Path);
                var variants = await processor.ProcessAsync(job, original.ImageIndex, path, abort).ConfigureAwait(false);
                foreach (var v in variants)
                {
                    var sha = await FileHashes.Sha256Async(v.Path, abort).ConfigureAwait(false);
                    item.Variants.Add(new OutputRecord(
                        original.ImageIndex, v.Variant, OutputPaths.Relative(job.Output.Directory, v.Path), v.Format, v.Width, v.Height, new FileInfo(v.Path).Length, sha));
                }
            }
        }
        catch (Exception e) when (!abort.IsCancellationRequested)
        {
            item.Fail(new JobFailure(FailureKinds.PostProcessFailed, e.GetType().Name, e.Message));
        }

        return item;
    }
}
