using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>A job on its way through the stages, with what each stage learned. Owned by one stage at a time.</summary>
internal sealed class WorkItem(Job job)
{
    public Job Job { get; } = job;

    /// <summary>
    /// What the store held for the job when its chunk was looked up (<see cref="SkipCompletedStage.LookUpAsync"/>): its record
    /// (null: none) and, for a job made before, its files; null when not looked up (the stage then asks itself).
    /// </summary>
    public (JobRecord? Record, IReadOnlyList<OutputRecord>? Outputs)? Stored { get; set; }

    /// <summary>
    /// The outputs folder the pipeline ledger names as the job's home, for a job this folder's store did not know when its
    /// chunk was looked up (null: not asked). <see cref="HomeIsHere"/>: that folder is this run's (found so, or claimed
    /// with the chunk), so no home needs recording before the job is sent.
    /// </summary>
    public string? Home { get; set; }

    /// <inheritdoc cref="Home"/>
    public bool HomeIsHere { get; set; }

    public WorkAction Action { get; set; } = WorkAction.Generate;

    public WorkOutcome Outcome { get; private set; } = WorkOutcome.Pending;

    /// <summary>The earlier run's task id (resume) or this run's.</summary>
    public string? TaskId { get; set; }

    public BudgetReservation? Reservation { get; set; }

    /// <summary>
    /// On a route, the provider an earlier run sent this job to and that may have billed it (a recorded task, an unknown
    /// outcome): a resume or <c>--retry-unknown</c> goes back to it, never through the route to another provider.
    /// </summary>
    public string? PinnedProvider { get; set; }

    /// <summary>On a route, the provider this run sent the job to (null for a single provider).</summary>
    public string? Provider { get; set; }

    /// <summary>That provider's price per image, for a bill it does not report; null: the job's estimate per image.</summary>
    public decimal? PricePerImageUsd { get; set; }

    /// <summary>
    /// Set once the paid request may have reached the provider (right after "submitting" is recorded); cleared
    /// only when the provider definitely refused it. While set, the reservation is never given back.
    /// </summary>
    public bool MayBeBilled { get; set; }

    public ProviderResult? Result { get; set; }

    /// <summary>Answered (and billed) in this run; counted "paid, still processing" until the recorder takes it.</summary>
    public bool PaidInRun { get; set; }

    public decimal BilledCostUsd { get; set; }

    /// <summary>Downloaded originals, paths relative to the outputs folder.</summary>
    public List<OutputRecord> Originals { get; } = [];

    public List<OutputRecord> Variants { get; } = [];

    /// <summary>
    /// Originals downloaded in this run (not those kept from an earlier one): the originals of images in this run's
    /// answer (or the recorded one fetched again). An original given up as unusable is no longer among them.
    /// </summary>
    public int DownloadedImages => Result is { } result ? Originals.Count(o => result.Images.Any(i => i.Index == o.ImageIndex)) : 0;

    /// <summary>Images that could not be downloaded in this run; recorded with the job's last record.</summary>
    public List<ImageFailureRecord> FailedImages { get; } = [];

    /// <summary>
    /// Indexes of the job's images that failed and are still missing (at the provider, or to download), as far as
    /// this run knows: a done job with any is done only in part.
    /// </summary>
    public SortedSet<int> MissingImages { get; } = [];

    public JobFailure? Failure { get; private set; }

    /// <summary>Set when the failing stage already wrote the failure, so a crash before the last stage cannot lose it.</summary>
    public bool FailureRecorded { get; set; }

    /// <summary>Whether later stages should leave this item alone and pass it on to the recorder.</summary>
    public bool IsFinished => Outcome != WorkOutcome.Pending;

    public void Finish(WorkOutcome outcome) => Outcome = outcome;

    /// <summary>
    /// Ends the budget hold of a job that will not settle with a bill: a request that may have been billed
    /// counts at its reserved amount (so later jobs cannot overrun the budget), one never sent is given back.
    /// A hold already settled stays as it is.
    /// </summary>
    public void CloseReservation(BudgetGate budget)
    {
        if (Reservation is not { } reservation)
        {
            return;
        }

        if (MayBeBilled)
        {
            budget.Settle(reservation, reservation.CostUsd, reservation.Images);
        }
        else
        {
            budget.Release(reservation);
        }
    }

    public void Fail(JobFailure failure)
    {
        Failure = failure;
        Outcome = WorkOutcome.Failed;
    }

    /// <summary>Takes <paramref name="file"/> as the original of image <paramref name="imageIndex"/>, in place of an earlier one.</summary>
    public OutputRecord SetOriginal(int imageIndex, DownloadedFile file)
    {
        var original = new OutputRecord(
            imageIndex, OutputRecord.OriginalVariant, OutputPaths.Relative(Job.Output.Directory, file.Path), file.Format, file.Width, file.Height, file.Bytes, file.Sha256)
        {
            Stamp = Download.FileStamp.Of(file.Path),
        };
        var at = Originals.FindIndex(o => o.ImageIndex == imageIndex);
        if (at >= 0)
        {
            Originals[at] = original;
        }
        else
        {
            Originals.Add(original);
        }

        MissingImages.Remove(imageIndex);
        return original;
    }

    /// <summary>Image <paramref name="imageIndex"/> failed in this run (could not be fetched, or was unusable); recorded with the job's last record.</summary>
    public void SetFailedImage(int imageIndex, JobFailure failure)
    {
        FailedImages.RemoveAll(f => f.ImageIndex == imageIndex);
        FailedImages.Add(new ImageFailureRecord(imageIndex, failure));
        MissingImages.Add(imageIndex);
    }

    /// <summary>
    /// Fails a job left without any original because its images failed (<paramref name="couldNot"/>: "be downloaded",
    /// "be used"); the failed images are still recorded with it, their URLs kept.
    /// </summary>
    public void FailIfNoImageLeft(string couldNot)
    {
        if (Originals.Count == 0 && FailedImages.Count > 0)
        {
            var first = FailedImages[0].Failure;
            var message = FailedImages.Count == 1 ? first.Message : $"none of the {FailedImages.Count} images could {couldNot}; the first: {first.Message}";
            Fail(new JobFailure(FailureKind.DownloadFailed, first.Code, message));
        }
    }
}
