using System.Collections.Concurrent;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// Decides from the state store what a job needs, so a rerun pays only for what is missing: gathers the facts
/// <see cref="ResumePolicy"/> asks for (the record, after a takeover from an earlier folder; its failed images; whether
/// its files are intact) and applies its decision to the <see cref="WorkItem"/>.
/// </summary>
internal sealed class SkipCompletedStage(
    StateStore store, RunOptions options, TimeProvider time, Action<string>? onWarning = null, FolderTakeover? takeover = null, Action<WorkItem, string>? onTakenOver = null)
    : IDisposable
{
    private readonly OutputRenamer _renamer = new(store, onWarning);

    // StateReader is single-threaded; the stage runs a few at once, each borrowing a reader.
    private readonly ConcurrentBag<StateReader> _readers = [];

    /// <summary>
    /// The work items of a chunk of jobs, each with what the store holds for it (<see cref="WorkItem.Stored"/>), read in two
    /// queries for the whole chunk instead of two per job (a rerun of 50,000 unchanged jobs made 100,000 calls).
    /// </summary>
    /// <remarks>
    /// Read ahead of the stage, which is safe: a job's record changes only once the job has passed this stage (keys are
    /// unique in a run), and a takeover from another folder (its record missing here) is still done by the stage. The
    /// jobs the store does not know have their homes looked up in the pipeline ledger in one query, and those no folder
    /// holds are claimed for this folder in one commit (<see cref="FolderTakeover.ClaimHomesAsync"/>) before any is sent.
    /// </remarks>
    public async Task<WorkItem[]> LookUpAsync(IReadOnlyList<Job> jobs)
    {
        var items = jobs.Select(j => new WorkItem(j)).ToArray();
        var asked = items.Where(i => !Regenerates(i.Job)).ToList();
        if (asked.Count == 0)
        {
            return items;
        }

        var reader = _readers.TryTake(out var pooled) ? pooled : store.OpenReader();
        try
        {
            var records = reader.GetJobs([.. asked.Select(i => i.Job.Key)]);
            static bool Made(JobRecord r) => r.Status is JobStatus.Done or JobStatus.Generated;
            var outputs = reader.GetOutputs([.. records.Values.Where(Made).Select(r => r.Key)]);
            foreach (var item in asked)
            {
                var record = records.GetValueOrDefault(item.Job.Key);
                item.Stored = (record, record is not null && Made(record) ? [.. outputs[record.Key]] : null);
            }
        }
        finally
        {
            _readers.Add(reader);
        }

        var unknown = asked.Where(i => i.Stored is (null, _)).ToList();
        if (takeover is not null && unknown.Count > 0)
        {
            var homes = await takeover.ClaimHomesAsync([.. unknown.Select(i => i.Job.Key)]).ConfigureAwait(false);
            foreach (var item in unknown)
            {
                (item.Home, item.HomeIsHere) = homes[item.Job.Key];
            }
        }

        return items;
    }

    public async Task<WorkItem> ExecuteAsync(WorkItem item, CancellationToken cancellationToken)
    {
        var facts = new ResumeFacts
        {
            Regenerate = Regenerates(item.Job),
            RetryFailed = options.RetryFailed,
            RetryUnknown = options.RetryUnknown,
            EndpointSimulated = store.Endpoint.Simulated,
            Now = time.GetUtcNow(),
            ProcessingKey = item.Job.ProcessingKey,
        };
        var decision = ResumePolicy.Decide(facts);
        if (decision.Need is null)
        {
            Apply(item, null, decision);
            return item;
        }

        var reader = _readers.TryTake(out var pooled) ? pooled : store.OpenReader();
        try
        {
            await DecideAsync(item, facts, decision, reader, cancellationToken).ConfigureAwait(false);
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

    private async Task DecideAsync(WorkItem item, ResumeFacts facts, ResumeDecision decision, StateReader reader, CancellationToken cancellationToken)
    {
        var job = item.Job;
        IReadOnlyList<OutputRecord> outputs = [];
        while (decision.Need is { } need)
        {
            switch (need)
            {
                case ResumeFact.Record:
                    facts = facts with { RecordRead = true, Record = await ReadRecordAsync(item, reader, cancellationToken).ConfigureAwait(false) };
                    break;

                case ResumeFact.FailedImages:
                    facts = facts with { FailedImages = await reader.GetFailedImagesAsync(job.Key, cancellationToken).ConfigureAwait(false) };
                    break;

                case ResumeFact.Originals:
                    outputs = item.Stored?.Outputs ?? await reader.GetOutputsAsync(job.Key, cancellationToken).ConfigureAwait(false);
                    if (decision.RenameOutputs && facts.Record?.OutputBaseName is { } oldBase && oldBase != job.Output.RelativeBaseName)
                    {
                        outputs = await _renamer.RenameAsync(job, oldBase, outputs, cancellationToken).ConfigureAwait(false);
                    }

                    var originals = outputs.Where(o => o.Variant == OutputRecord.OriginalVariant).ToList();
                    var intact = originals.Count > 0 && await AllIntactAsync(job.Output.Directory, originals, cancellationToken).ConfigureAwait(false);
                    if (intact)
                    {
                        // Kept whatever the decision: the later stages build on them (re-processing, the manifest rows).
                        item.Originals.AddRange(originals);
                    }

                    facts = facts with { OriginalsIntact = intact, IntactOriginalImages = intact ? [.. originals.Select(o => o.ImageIndex)] : [] };
                    break;

                case ResumeFact.Variants:
                    var variants = outputs.Where(o => o.Variant != OutputRecord.OriginalVariant);
                    facts = facts with { VariantsIntact = await AllIntactAsync(job.Output.Directory, variants, cancellationToken).ConfigureAwait(false) };
                    break;
            }

            decision = ResumePolicy.Decide(facts);
        }

        Apply(item, facts.Record, decision);
    }

    private async Task<JobRecord?> ReadRecordAsync(WorkItem item, StateReader reader, CancellationToken cancellationToken)
    {
        var key = item.Job.Key;
        var record = item.Stored is { } stored ? stored.Record : await reader.GetJobAsync(key, cancellationToken).ConfigureAwait(false);
        if (record is null && takeover is not null
            && await takeover.TryTakeOverAsync(key, item.Home, cancellationToken).ConfigureAwait(false) is { } from)
        {
            // Another folder of this pipeline (an earlier run.date) holds the job: its record and files are now this
            // folder's too, and the policy treats it as this folder's own (skip, download again, resume a task).
            item.Stored = null;
            onTakenOver?.Invoke(item, from);
            record = await reader.GetJobAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return record;
    }

    private bool Regenerates(Job job) => options.Force || options.Regenerate.Contains(job.Key);

    private void Apply(WorkItem item, JobRecord? record, ResumeDecision decision)
    {
        item.PinnedProvider = decision.PinnedProvider;
        item.MissingImages.UnionWith(decision.MissingImages);
        if (decision.Warning is { } warning)
        {
            onWarning?.Invoke($"{item.Job.Output.RelativeBaseName}: {warning}");
        }

        if (decision.Failure is { } failure)
        {
            item.Fail(failure);
            return;
        }

        item.Action = decision.Action;
        switch (decision.Action)
        {
            case WorkAction.ResumeTask:
                item.TaskId = decision.TaskId;
                break;

            case WorkAction.Redownload when record is not null:
                item.BilledCostUsd = record.BilledCostUsd ?? 0;
                item.Result = new ProviderResult(
                    [.. decision.Redownload.Select(index => new GeneratedImage(index, record.ResultUrls[index]))], [], record.BilledImages ?? 0, record.BilledCostUsd);
                break;

            case WorkAction.SkipDone:
                item.Finish(WorkOutcome.SkippedDone);
                break;

            case WorkAction.SkipFailed:
                item.Finish(WorkOutcome.SkippedFailed);
                break;
        }
    }

    /// <summary>
    /// Every file is as recorded: its stat fingerprint unchanged (<see cref="FileStamp"/>, the quick check git and rsync
    /// make), or else — and always with <c>--verify</c> — its SHA-256 equal to the recorded one.
    /// </summary>
    private async Task<bool> AllIntactAsync(string outputsDirectory, IEnumerable<OutputRecord> outputs, CancellationToken cancellationToken)
    {
        foreach (var output in outputs)
        {
            var path = Path.Combine(outputsDirectory, output.Path);
            if (!options.Verify && output.Stamp is { } recorded && recorded.Size == output.Bytes && FileStamp.Of(path) == recorded)
            {
                continue;
            }

            if (!await FileHashes.IsIntactAsync(path, output.Sha256, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
