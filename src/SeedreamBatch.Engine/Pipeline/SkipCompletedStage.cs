using System.Collections.Concurrent;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Decides from the state store what a job needs, so a rerun pays only for what is missing: skip when done
/// and every file is intact by hash; re-process from intact originals; poll a recorded task; download
/// again from recorded URLs; and never resubmit a submission of unknown outcome unless told to. A job done without
/// some of its images is never paid again (its other images were paid): with <c>--retry-failed</c> only its images
/// that failed to download are fetched again.
/// </summary>
internal sealed class SkipCompletedStage(
    StateStore store, RunOptions options, TimeProvider time, Action<string>? onWarning = null, FolderTakeover? takeover = null, Action<WorkItem, string>? onTakenOver = null)
    : IDisposable
{
    // Providers keep result images for about 24 h; past that a download cannot succeed.
    private static readonly TimeSpan ResultUrlLifetime = TimeSpan.FromHours(24);

    // StateReader is single-threaded; the stage runs a few at once, each borrowing a reader.
    private readonly ConcurrentBag<StateReader> _readers = [];

    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (options.Force || options.Regenerate.Contains(item.Job.Key))
        {
            item.Action = WorkAction.Generate;
            return item;
        }

        var reader = _readers.TryTake(out var pooled) ? pooled : store.OpenReader();
        try
        {
            await DecideAsync(item, reader, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _readers.Add(reader);
        }

        return item;
    }

    public void Dispose()
    {
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private async Task DecideAsync(WorkItem item, StateReader reader, CancellationToken cancellationToken)
    {
        var job = item.Job;
        var record = await reader.GetJobAsync(job.Key, cancellationToken).ConfigureAwait(false);
        if (record is null && takeover is not null
            && await takeover.TryTakeOverAsync(job.Key, cancellationToken).ConfigureAwait(false) is { } from)
        {
            // Another folder of this pipeline (an earlier run.date) holds the job: its record and files are now this
            // folder's too, and the decisions below treat it as this folder's own (skip, download again, resume a task).
            onTakenOver?.Invoke(item, from);
            record = await reader.GetJobAsync(job.Key, cancellationToken).ConfigureAwait(false);
        }

        if (record is null)
        {
            item.Action = WorkAction.Generate;
            return;
        }

        if (record.Simulated && !store.Endpoint.Simulated)
        {
            // The simulator's pictures are placeholders and it charged nothing: a real provider makes the job, whatever
            // state the simulated one reached (done, failed, or cut off by a crash: nothing real was ever sent).
            item.Action = WorkAction.Generate;
            return;
        }

        // Sent before and maybe billed there (a task, no answer, an unknown outcome, a bill): on a route, whatever is sent
        // again goes to that provider only (a resume, --retry-unknown), never to another through the route.
        if (record.Status is JobStatus.Submitting or JobStatus.Submitted or JobStatus.Generated || record.BilledImages > 0
            || (record.Status == JobStatus.Failed && FailureKinds.IsUnknownOutcome(record.Failure?.Kind ?? "")))
        {
            item.PinnedProvider = record.Provider;
        }

        var failedImages = record.FailedImageCount > 0
            ? await reader.GetFailedImagesAsync(job.Key, cancellationToken).ConfigureAwait(false)
            : [];
        item.MissingImages.UnionWith(failedImages.Select(f => f.ImageIndex));
        switch (record.Status)
        {
            case JobStatus.Done or JobStatus.Generated:
                await DecideAnsweredAsync(item, record, failedImages, reader, cancellationToken).ConfigureAwait(false);
                break;

            case JobStatus.Submitted or JobStatus.Submitting when record.TaskId is { } taskId:
                item.Action = WorkAction.ResumeTask;
                item.TaskId = taskId;
                break;

            case JobStatus.Submitting when !options.RetryUnknown:
                item.Fail(new JobFailure(
                    FailureKinds.UnknownOutcomeAfterCrash,
                    null,
                    "an earlier run sent this request and stopped before the answer; the provider may have charged it. Rerun with --retry-unknown to submit again"));
                break;

            case JobStatus.Failed:
                await DecideFailedAsync(item, record, reader, cancellationToken).ConfigureAwait(false);
                break;

            default:
                item.Action = WorkAction.Generate;
                break;
        }

        if (item.Action == WorkAction.ResumeTask)
        {
            // The task lives at the provider that took it.
            item.PinnedProvider = record.Provider;
        }
    }

    /// <summary>
    /// A job the provider answered (done, or "generated": a crash before it was done): skipped when every file is
    /// intact; otherwise what is missing is made again for free (downloads from recorded URLs, variants from intact
    /// originals). Paid for again only when its originals are gone: removed by the user, or lost in a crash (with
    /// <c>--retry-unknown</c>).
    /// </summary>
    private async Task DecideAnsweredAsync(
        WorkItem item, JobRecord record, IReadOnlyList<ImageFailureRecord> failedImages, StateReader reader, CancellationToken cancellationToken)
    {
        var job = item.Job;
        var outputs = await reader.GetOutputsAsync(job.Key, cancellationToken).ConfigureAwait(false);
        if (record.OutputBaseName is { } oldBase && oldBase != job.Output.RelativeBaseName)
        {
            outputs = await RenameOutputsAsync(job, oldBase, outputs, cancellationToken).ConfigureAwait(false);
        }

        if (!await TryKeepOriginalsAsync(item, outputs, cancellationToken).ConfigureAwait(false))
        {
            if (record.Status == JobStatus.Generated && HasResultUrls(record))
            {
                Redownload(item, record, AllWithUrls(record));
            }
            else if (record.Status == JobStatus.Generated && !options.RetryUnknown)
            {
                // Paid for, but the images were inline (base64) or never recorded: regenerating pays again.
                item.Fail(new JobFailure(FailureKinds.UnknownOutcomeAfterCrash, null, "the images of an earlier paid answer were lost in a crash; rerun with --retry-unknown to pay for them again"));
            }
            else if (HasResultUrls(record) && !UrlsExpired(record))
            {
                // Done, but the user removed or changed the original files: the paid images are fetched again, free,
                // while the provider still keeps them.
                Redownload(item, record, AllWithUrls(record));
            }
            else
            {
                // Done, its files gone and the provider's copies expired: they asked for them again, and that pays.
                onWarning?.Invoke($"{job.Output.RelativeBaseName}: files missing: regenerating, paid");
                item.Action = WorkAction.Generate;
            }

            return;
        }

        var missing = record.Status == JobStatus.Generated
            ? NotYetDownloaded(record, item.Originals)
            : FailedDownloadsToRetry(record, failedImages);
        if (missing.Count > 0)
        {
            Redownload(item, record, missing);
            return;
        }

        var variants = outputs.Where(o => o.Variant != OutputRecord.OriginalVariant);
        if (record.Status == JobStatus.Done
            && record.ProcessingKey == job.ProcessingKey
            && await AllIntactAsync(job.Output.Directory, variants, cancellationToken).ConfigureAwait(false))
        {
            item.Action = WorkAction.SkipDone;
            item.Finish(WorkOutcome.SkippedDone);
        }
        else
        {
            item.Action = WorkAction.Reprocess;
        }
    }

    /// <summary>
    /// A failed job is taken up again by what its failure means, never by paying blindly: an unknown outcome
    /// needs <c>--retry-unknown</c>; a recorded task is polled; billed images with result URLs are downloaded again;
    /// only plain failures of jobs that were never billed are submitted again under <c>--retry-failed</c>.
    /// </summary>
    private async Task DecideFailedAsync(WorkItem item, JobRecord record, StateReader reader, CancellationToken cancellationToken)
    {
        var kind = record.Failure?.Kind ?? FailureKinds.Internal;
        var unknown = FailureKinds.IsUnknownOutcome(kind);
        var taken = unknown ? options.RetryUnknown || (options.RetryFailed && record.TaskId is not null) : options.RetryFailed;
        if (!taken)
        {
            item.Action = WorkAction.SkipFailed;
            item.Finish(WorkOutcome.SkippedFailed);
            return;
        }

        if (record.TaskId is { } taskId && kind is not (FailureKinds.TaskFailed or FailureKinds.ContentPolicy or FailureKinds.NonRetryable or FailureKinds.NoImages))
        {
            // The task may have finished (and been billed) since: polling is free.
            item.Action = WorkAction.ResumeTask;
            item.TaskId = taskId;
            return;
        }

        if (kind == FailureKinds.DownloadFailed && HasResultUrls(record) && record.BilledImages > 0)
        {
            if (!UrlsExpired(record))
            {
                Redownload(item, record, AllWithUrls(record));
                return;
            }

            if (!options.RetryUnknown)
            {
                item.Fail(new JobFailure(
                    FailureKinds.DownloadFailed,
                    "urls_expired",
                    $"the images were billed but their result URLs expired (generated {record.GeneratedAt:u}, they live {ResultUrlLifetime.TotalHours:0} h); rerun with --retry-unknown to pay for them again"));
                return;
            }
        }

        if (record.BilledImages > 0 && !options.RetryUnknown)
        {
            // Billed (its images were made: a corrupt inline image, a failed post-processing): --retry-failed never pays
            // for it again. Intact originals are processed again, for free; otherwise only the risk flag pays again.
            var outputs = await reader.GetOutputsAsync(record.Key, cancellationToken).ConfigureAwait(false);
            if (await TryKeepOriginalsAsync(item, outputs, cancellationToken).ConfigureAwait(false))
            {
                item.Action = WorkAction.Reprocess;
                return;
            }

            item.Fail(new JobFailure(
                kind,
                record.Failure?.Code,
                $"{record.Failure?.Message}; the job was billed ({record.BilledImages} image(s)) and nothing of it can be fetched again, so --retry-failed does not pay for it again: rerun with --retry-failed --retry-unknown to pay for it again"));
            return;
        }

        item.Action = WorkAction.Generate;
    }

    private static void Redownload(WorkItem item, JobRecord record, IReadOnlyList<int> images)
    {
        item.Action = WorkAction.Redownload;
        item.BilledCostUsd = record.BilledCostUsd ?? 0;
        item.Result = new ProviderResult(
            [.. images.Select(index => new GeneratedImage(index, record.ResultUrls[index]))], [], record.BilledImages ?? 0, record.BilledCostUsd);
    }

    private static bool HasResultUrls(JobRecord record) => record.ResultUrls.Any(u => u is not null);

    private static List<int> AllWithUrls(JobRecord record) =>
        [.. Enumerable.Range(0, record.ResultUrls.Count).Where(i => record.ResultUrls[i] is not null)];

    /// <summary>A crash during the downloads (the job is still "generated"): the images with a URL and no original yet.</summary>
    private static List<int> NotYetDownloaded(JobRecord record, IReadOnlyList<OutputRecord> originals) =>
        [.. AllWithUrls(record).Where(i => !originals.Any(o => o.ImageIndex == i))];

    /// <summary>
    /// With <c>--retry-failed</c>, a done job's images that failed to download, while their URLs live: fetched again
    /// for free. Images the provider refused are not: it only takes whole jobs, and the others were paid.
    /// </summary>
    private List<int> FailedDownloadsToRetry(JobRecord record, IReadOnlyList<ImageFailureRecord> failedImages) =>
        !options.RetryFailed || UrlsExpired(record)
            ? []
            : [.. failedImages
                .Where(f => f.Failure.Kind == FailureKinds.DownloadFailed && f.ImageIndex < record.ResultUrls.Count && record.ResultUrls[f.ImageIndex] is not null)
                .Select(f => f.ImageIndex)];

    /// <summary>
    /// Past the providers' 24 h, or the embedded simulator's (its files went with the process that ran it; making them
    /// again costs nothing).
    /// </summary>
    private bool UrlsExpired(JobRecord record) => record.Simulated || (record.GeneratedAt is { } at && time.GetUtcNow() - at > ResultUrlLifetime);

    /// <summary>
    /// The manifest's <c>outputs.name</c> changed (the job key leaves it out on purpose: a new name is not a new
    /// image): moves the job's files to the new name and records that, with no paid call. Idempotent, so a crash
    /// between the moves and the record is finished by the next run.
    /// </summary>
    /// <remarks>
    /// A new name may still hold another job's paid file (two jobs swapped names, or a chain not yet moved along):
    /// moving over it would destroy that image. Then nothing of this job moves, it keeps its old names this run, and
    /// the warning says so; a chain resolves on the next run, once the other job has moved out of the way.
    /// </remarks>
    private async Task<IReadOnlyList<OutputRecord>> RenameOutputsAsync(
        Core.Jobs.Job job, string oldBase, IReadOnlyList<OutputRecord> outputs, CancellationToken cancellationToken)
    {
        var newBase = job.Output.RelativeBaseName;
        var moves = new List<(OutputRecord Output, string To)>();
        foreach (var output in outputs.Where(o => o.Path.StartsWith(oldBase, StringComparison.Ordinal)))
        {
            var to = newBase + output.Path[oldBase.Length..];
            var target = Path.Combine(job.Output.Directory, to);
            if (File.Exists(Path.Combine(job.Output.Directory, output.Path)) && File.Exists(target)
                && !await FileHashes.IsIntactAsync(target, output.Sha256, cancellationToken).ConfigureAwait(false))
            {
                onWarning?.Invoke($"{newBase}: not renamed from {oldBase}: {to} already holds another file (another job's, or one put there by hand); the files keep their old names");
                return outputs;
            }

            moves.Add((output, to));
        }

        foreach (var (output, to) in moves)
        {
            var source = Path.Combine(job.Output.Directory, output.Path);
            if (File.Exists(source))
            {
                var target = Path.Combine(job.Output.Directory, to);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);

                // Overwrites only a copy of this very file (checked above): a crash after an earlier copy, say.
                File.Move(source, target, overwrite: true);
            }
        }

        await store.RecordRenamedAsync(job.Key, newBase, [.. moves.Select(m => (m.Output.Path, m.To))], cancellationToken).ConfigureAwait(false);
        return [.. outputs.Select(o => moves.FirstOrDefault(m => m.Output == o) is { To: { } to } ? o with { Path = to } : o)];
    }

    /// <summary>Keeps the recorded originals in <paramref name="item"/> when there are any and every one is intact.</summary>
    private static async Task<bool> TryKeepOriginalsAsync(WorkItem item, IEnumerable<OutputRecord> outputs, CancellationToken cancellationToken)
    {
        var originals = outputs.Where(o => o.Variant == OutputRecord.OriginalVariant).ToList();
        if (originals.Count == 0 || !await AllIntactAsync(item.Job.Output.Directory, originals, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        item.Originals.AddRange(originals);
        return true;
    }

    private static async Task<bool> AllIntactAsync(string outputsDirectory, IEnumerable<OutputRecord> outputs, CancellationToken cancellationToken)
    {
        foreach (var output in outputs)
        {
            if (!await FileHashes.IsIntactAsync(Path.Combine(outputsDirectory, output.Path), output.Sha256, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
