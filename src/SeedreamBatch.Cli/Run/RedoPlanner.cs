using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// Which items of a manifest <c>redo</c> regenerates, matched against the store: by job key, or — when the manifest's prompt
/// changed since, so the job has a new key — by its output name (the item the user looked at). Every criterion given must
/// hold (<c>--rejected --where sku=X</c>: the rejected ones of X). Items with a request in flight are left out: paying for
/// them again while the provider may still answer could pay twice.
/// </summary>
internal static class RedoPlanner
{
    public sealed record Planned(Job Job, RedoItem Item, int? OldSeed, string? Decision);

    public static (IReadOnlyList<Planned> Items, IReadOnlyList<string> Skipped) Plan(
        IEnumerable<Job> jobs, StateReader reader, JobSelection selection, bool rejectedOnly, bool sameSeed)
    {
        var rejected = rejectedOnly ? reader.GetKeysWithDecision(ReviewDecisions.Rejected).ToHashSet(StringComparer.Ordinal) : null;
        var planned = new List<Planned>();
        var skipped = new List<string>();
        foreach (var job in jobs)
        {
            var record = reader.GetJobAsync(job.Key, CancellationToken.None).GetAwaiter().GetResult();
            var storedKey = record is not null ? job.Key : reader.FindCurrentByOutputName(job.Output.RelativeBaseName);
            if ((rejected is not null && (storedKey is null || !rejected.Contains(storedKey))) || !selection.Matches(job, storedKey))
            {
                continue;
            }

            var stored = storedKey is null ? null : record ?? reader.GetJobAsync(storedKey, CancellationToken.None).GetAwaiter().GetResult();
            if (stored is { Status: JobStatus.Submitting or JobStatus.Submitted })
            {
                skipped.Add($"{job.Output.RelativeBaseName}: a request is in flight ({stored.Status.ToName()}); run the pipeline to collect it first");
                continue;
            }

            var item = storedKey is null ? null : reader.GetReviewItem(storedKey);
            var version = storedKey is null ? 1 : reader.GetVersions(storedKey).Count + 2;
            var seed = sameSeed ? job.RequestedSeed : RedoItem.NewSeed(job.Key, version);
            planned.Add(new Planned(job, new RedoItem(job.Key, storedKey, seed, version), item?.Job.Seed, item?.Job.Review?.Decision));
        }

        return (planned, skipped);
    }

    /// <summary>Every variable name of the manifest's jobs (for checking <c>--where</c>).</summary>
    public static IReadOnlyCollection<string> Variables(IEnumerable<Job> jobs) =>
        jobs.SelectMany(j => j.Variables.Keys).ToHashSet(StringComparer.Ordinal);

    /// <summary>The manifest's jobs, expanded once more for the plan (the run expands its own); duplicates found in bounded memory.</summary>
    public static IEnumerable<Job> Expand(PipelineSpec pipeline, TimeProvider time, out string outputs)
    {
        var expander = new JobExpander(pipeline, RunContext.Start(time));
        outputs = expander.OutputDirectory;
        return expander.ExpandScreened(_ => { });
    }
}
