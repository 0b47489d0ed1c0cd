using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>status</c>: where the jobs of an outputs folder stand, read-only, also while a run goes on.</summary>
internal static class StatusCommand
{
    public static Command Create(TimeProvider time)
    {
        var target = new Argument<string>("manifest-or-dir") { Description = "A pipeline manifest (its outputs folder for today) or an outputs folder." };
        var command = new Command("status", "Show job counts by status, billed cost and the last errors of an outputs folder (safe while a run goes on).")
        {
            target,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) => await ExecuteAsync(parse.GetValue(target)!, time, Console.Out, Console.Error, ct));
        return command;
    }

    public static async Task<int> ExecuteAsync(string target, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (OutputsFolder.Resolve(target, "status", time, error) is not { } directory)
        {
            return ExitCodes.InvalidInput;
        }

        var database = StateStore.PathFor(directory);
        using var reader = StateReader.Open(database);
        var counts = await reader.CountByStatusAsync(cancellationToken);
        var (cost, images) = await reader.GetTotalBilledAsync(cancellationToken);
        var failures = await reader.GetFailuresByKindAsync(cancellationToken);
        var imageFailures = await reader.GetImageFailureCountsAsync(cancellationToken);
        var last = await reader.GetLastFailuresAsync(3, cancellationToken);
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"{directory}: {counts.Total.ToString(c)} jobs");
        foreach (var status in Enum.GetValues<JobStatus>().Where(s => counts[s] > 0))
        {
            await output.WriteLineAsync(string.Create(c, $"  {status.ToName(),-15} {counts[status],8}"));
        }

        await output.WriteLineAsync(string.Create(c, $"Billed: ${cost:0.00} for {images} images."));
        if (failures.Count > 0)
        {
            await output.WriteLineAsync("Failures: " + string.Join(", ", failures.Select(f => string.Create(c, $"{f.Key} {f.Value}"))));
        }

        if (imageFailures.Images > 0)
        {
            var byKind = string.Join(", ", imageFailures.ByKind.Where(k => k.Value > 0).OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => string.Create(c, $"{k.Key} {k.Value}")));
            await output.WriteLineAsync(string.Create(c, $"Failed images: {imageFailures.Images} ({byKind}); {imageFailures.PartlyDoneJobs} done jobs miss some of their images."));
        }

        var review = reader.GetReviewCounts();
        if (review.Approved + review.Rejected > 0 || review.Done > 0)
        {
            await output.WriteLineAsync(string.Create(c, $"Review: {review.Approved} approved, {review.Rejected} rejected, {review.Pending} not reviewed (of {review.Done} done)."));
        }

        foreach (var (key, failure) in last)
        {
            await output.WriteLineAsync($"  {key[..Math.Min(12, key.Length)]}: {failure.Kind}{(failure.Code is { } code ? " " + code : "")}: {failure.Message}");
        }

        return ExitCodes.Success;
    }
}
