using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// The pay / don't-pay table of a rerun, pure (no IO, no store, no clock): so a rerun pays only for what is missing.
/// Skip when done and every file is intact; re-process from intact originals; poll a recorded task; download again
/// from recorded URLs; and never resubmit a submission of unknown outcome unless told to. A job done without some of
/// its images is never paid again (its other images were paid): with <c>--retry-failed</c> only its images that
/// failed to download are fetched again.
/// </summary>
/// <remarks>
/// Facts that cost IO are asked for one at a time (<see cref="ResumeDecision.Need"/>): the caller gathers the fact and
/// calls <see cref="Decide"/> again, so a fact is read only on the branch that needs it.
/// </remarks>
internal static class ResumePolicy
{
    /// <summary>Providers keep result images for about 24 h; past that a download cannot succeed.</summary>
    public static readonly TimeSpan ResultUrlLifetime = TimeSpan.FromHours(24);

    /// <summary>Failures a task's provider settled for good: polling the task again cannot turn them into images.</summary>
    private static readonly FailureKind[] FinalAtProvider =
        [FailureKind.TaskFailed, FailureKind.ContentPolicy, FailureKind.NonRetryable, FailureKind.NoImages];

    public static ResumeDecision Decide(ResumeFacts facts)
    {
        if (facts.Regenerate)
        {
            return new ResumeDecision { Action = WorkAction.Generate };
        }

        if (!facts.RecordRead)
        {
            return new ResumeDecision { Need = ResumeFact.Record };
        }

        if (facts.Record is not { } record)
        {
            return new ResumeDecision { Action = WorkAction.Generate };
        }

        if (record.Simulated && !facts.EndpointSimulated)
        {
            // The simulator's pictures are placeholders and it charged nothing: a real provider makes the job, whatever
            // state the simulated one reached (done, failed, or cut off by a crash: nothing real was ever sent).
            return new ResumeDecision { Action = WorkAction.Generate };
        }

        if (record.FailedImageCount > 0 && facts.FailedImages is null)
        {
            return new ResumeDecision { Need = ResumeFact.FailedImages };
        }

        var failedImages = facts.FailedImages ?? [];
        var decision = record.Status switch
        {
            JobStatus.Done or JobStatus.Generated => DecideAnswered(facts, record, failedImages),
            JobStatus.Submitted or JobStatus.Submitting when record.TaskId is { } taskId =>
                new ResumeDecision { Action = WorkAction.ResumeTask, TaskId = taskId },
            JobStatus.Submitting when !facts.RetryUnknown => Fail(new JobFailure(
                FailureKind.UnknownOutcomeAfterCrash,
                null,
                "an earlier run sent this request and stopped before the answer; the provider may have charged it. Rerun with --retry-unknown to submit again")),
            JobStatus.Failed => DecideFailed(facts, record),
            _ => new ResumeDecision { Action = WorkAction.Generate },
        };
        if (decision.Need is not null)
        {
            return decision;
        }

        // Sent before and maybe billed there (a task, no answer, an unknown outcome, a bill): on a route, whatever is sent
        // again goes to that provider only (a resume, --retry-unknown), never to another through the route. A task lives
        // at the provider that took it.
        var pinned = decision.Action == WorkAction.ResumeTask
            || record.Status is JobStatus.Submitting or JobStatus.Submitted or JobStatus.Generated || record.BilledImages > 0
            || (record.Status == JobStatus.Failed && record.Failure is { Kind.IsUnknownOutcome: true });
        return decision with
        {
            PinnedProvider = pinned ? record.Provider : null,
            MissingImages = [.. failedImages.Select(f => f.ImageIndex)],
        };
    }

    /// <summary>
    /// A job the provider answered (done, or "generated": a crash before it was done): skipped when every file is
    /// intact; otherwise what is missing is made again for free (downloads from recorded URLs, variants from intact
    /// originals). Paid for again only when its originals are gone: removed by the user, or lost in a crash (with
    /// <c>--retry-unknown</c>).
    /// </summary>
    private static ResumeDecision DecideAnswered(ResumeFacts facts, JobRecord record, IReadOnlyList<ImageFailureRecord> failedImages)
    {
        if (facts.OriginalsIntact is not { } originalsIntact)
        {
            return new ResumeDecision { Need = ResumeFact.Originals, RenameOutputs = true };
        }

        if (!originalsIntact)
        {
            if (record.Status == JobStatus.Generated && HasResultUrls(record))
            {
                return Redownload(AllWithUrls(record));
            }

            if (record.Status == JobStatus.Generated && !facts.RetryUnknown)
            {
                // Paid for, but the images were inline (base64) or never recorded: regenerating pays again.
                return Fail(new JobFailure(FailureKind.UnknownOutcomeAfterCrash, null, "the images of an earlier paid answer were lost in a crash; rerun with --retry-unknown to pay for them again"));
            }

            if (HasResultUrls(record) && !UrlsExpired(record, facts.Now))
            {
                // Done, but the user removed or changed the original files: the paid images are fetched again, free,
                // while the provider still keeps them.
                return Redownload(AllWithUrls(record));
            }

            // Done, its files gone and the provider's copies expired: they asked for them again, and that pays.
            return new ResumeDecision { Action = WorkAction.Generate, Warning = "files missing: regenerating, paid" };
        }

        var missing = record.Status == JobStatus.Generated
            ? NotYetDownloaded(record, facts.IntactOriginalImages)
            : FailedDownloadsToRetry(facts, record, failedImages);
        if (missing.Count > 0)
        {
            return Redownload(missing);
        }

        if (record.Status == JobStatus.Done && record.ProcessingKey == facts.ProcessingKey)
        {
            if (facts.VariantsIntact is not { } variantsIntact)
            {
                return new ResumeDecision { Need = ResumeFact.Variants };
            }

            if (variantsIntact)
            {
                return new ResumeDecision { Action = WorkAction.SkipDone };
            }
        }

        return new ResumeDecision { Action = WorkAction.Reprocess };
    }

    /// <summary>
    /// A failed job is taken up again by what its failure means, never by paying blindly: an unknown outcome
    /// needs <c>--retry-unknown</c>; a recorded task is polled; billed images with result URLs are downloaded again;
    /// only plain failures of jobs that were never billed are submitted again under <c>--retry-failed</c>.
    /// </summary>
    private static ResumeDecision DecideFailed(ResumeFacts facts, JobRecord record)
    {
        var kind = record.Failure?.Kind ?? FailureKind.Internal;
        var unknown = kind.IsUnknownOutcome;
        var taken = unknown ? facts.RetryUnknown || (facts.RetryFailed && record.TaskId is not null) : facts.RetryFailed;
        if (!taken)
        {
            return new ResumeDecision { Action = WorkAction.SkipFailed };
        }

        if (record.TaskId is { } taskId && !FinalAtProvider.Contains(kind))
        {
            // The task may have finished (and been billed) since: polling is free.
            return new ResumeDecision { Action = WorkAction.ResumeTask, TaskId = taskId };
        }

        if (kind == FailureKind.DownloadFailed && HasResultUrls(record) && record.BilledImages > 0)
        {
            if (!UrlsExpired(record, facts.Now))
            {
                return Redownload(AllWithUrls(record));
            }

            if (!facts.RetryUnknown)
            {
                return Fail(new JobFailure(
                    FailureKind.DownloadFailed,
                    "urls_expired",
                    $"the images were billed but their result URLs expired (generated {record.GeneratedAt:u}, they live {ResultUrlLifetime.TotalHours:0} h); rerun with --retry-unknown to pay for them again"));
            }
        }

        if (record.BilledImages > 0 && !facts.RetryUnknown)
        {
            // Billed (its images were made: a corrupt inline image, a failed post-processing): --retry-failed never pays
            // for it again. Intact originals are processed again, for free; otherwise only the risk flag pays again.
            if (facts.OriginalsIntact is not { } originalsIntact)
            {
                return new ResumeDecision { Need = ResumeFact.Originals };
            }

            return originalsIntact
                ? new ResumeDecision { Action = WorkAction.Reprocess }
                : Fail(new JobFailure(
                    kind,
                    record.Failure?.Code,
                    $"{record.Failure?.Message}; the job was billed ({record.BilledImages} image(s)) and nothing of it can be fetched again, so --retry-failed does not pay for it again: rerun with --retry-failed --retry-unknown to pay for it again"));
        }

        return new ResumeDecision { Action = WorkAction.Generate };
    }

    private static ResumeDecision Redownload(IReadOnlyList<int> images) => new() { Action = WorkAction.Redownload, Redownload = images };

    private static ResumeDecision Fail(JobFailure failure) => new() { Failure = failure };

    private static bool HasResultUrls(JobRecord record) => record.ResultUrls.Any(u => u is not null);

    private static List<int> AllWithUrls(JobRecord record) =>
        [.. Enumerable.Range(0, record.ResultUrls.Count).Where(i => record.ResultUrls[i] is not null)];

    /// <summary>A crash during the downloads (the job is still "generated"): the images with a URL and no original yet.</summary>
    private static List<int> NotYetDownloaded(JobRecord record, IReadOnlyList<int> originals) =>
        [.. AllWithUrls(record).Where(i => !originals.Contains(i))];

    /// <summary>
    /// With <c>--retry-failed</c>, a done job's images that failed to download, while their URLs live: fetched again
    /// for free. Images the provider refused are not: it only takes whole jobs, and the others were paid.
    /// </summary>
    private static List<int> FailedDownloadsToRetry(ResumeFacts facts, JobRecord record, IReadOnlyList<ImageFailureRecord> failedImages) =>
        !facts.RetryFailed || UrlsExpired(record, facts.Now)
            ? []
            : [.. failedImages
                .Where(f => f.Failure.Kind == FailureKind.DownloadFailed && f.ImageIndex < record.ResultUrls.Count && record.ResultUrls[f.ImageIndex] is not null)
                .Select(f => f.ImageIndex)];

    /// <summary>
    /// Past the providers' 24 h, or the embedded simulator's (its files went with the process that ran it; making them
    /// again costs nothing).
    /// </summary>
    private static bool UrlsExpired(JobRecord record, DateTimeOffset now) =>
        record.Simulated || (record.GeneratedAt is { } at && now - at > ResultUrlLifetime);
}
