using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// <c>status</c>: where the jobs of an outputs folder stand, read-only, also while a run goes on. Exit 1 when jobs failed,
/// so a script can branch on it; <c>--format json</c> for scripts that read the numbers.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(TimeProvider time)
    {
        var target = new Argument<string>("manifest-or-dir") { Description = "A pipeline manifest (its outputs folder for today, or --date/--outputs) or an outputs folder." };
        var format = new Option<string>("--format") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var outputs = OutputsSelection.CreateOutputsOption();
        var date = OutputsSelection.CreateDateOption();
        var command = new Command("status", "Show job counts by status, billed and possibly billed cost, simulated results and the last errors of an outputs folder (safe while a run goes on); exit 1 when jobs failed.")
        {
            target, format, outputs, date,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) => await ExecuteAsync(
            parse.GetValue(target)!, time, Console.Out, Console.Error, ct, parse.GetValue(format) ?? "table", parse.GetValue(date), parse.GetValue(outputs)));
        return command;
    }

    public static async Task<int> ExecuteAsync(
        string target, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken, string format = "table", DateOnly? date = null, string? outputs = null)
    {
        if (OutputsFolder.Resolve(target, "status", time, error, date, outputs) is not { } directory)
        {
            return ExitCodes.InvalidInput;
        }

        using var reader = StateReader.Open(StoreLocations.StatePath(directory));
        var counts = await reader.CountByStatusAsync(cancellationToken);
        var (cost, images) = await reader.GetTotalBilledAsync(cancellationToken);
        var (possiblyBilled, possiblyBilledUsd) = await reader.GetPossiblyBilledAsync(cancellationToken);
        var (simulated, answered) = await reader.CountSimulatedAsync(cancellationToken);
        var failures = await reader.GetFailuresByKindAsync(cancellationToken);
        var imageFailures = await reader.GetImageFailureCountsAsync(cancellationToken);
        var last = await reader.GetLastFailuresAsync(3, cancellationToken);
        var exitCode = counts[JobStatus.Failed] > 0 || imageFailures.PartlyDoneJobs > 0 ? ExitCodes.SomeJobsFailed : ExitCodes.Success;
        if (format == "json")
        {
            await WriteJsonAsync(output, directory, counts, cost, images, possiblyBilled, possiblyBilledUsd, simulated, answered, failures, imageFailures, last);
            return exitCode;
        }

        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync($"{directory}: {counts.Total.ToString(c)} jobs");
        foreach (var status in Enum.GetValues<JobStatus>().Where(s => counts[s] > 0))
        {
            await output.WriteLineAsync(string.Create(c, $"  {status.ToName(),-15} {counts[status],8}"));
        }

        await output.WriteLineAsync(string.Create(c, $"Billed: ${cost:0.00} for {images} images."));
        if (possiblyBilled > 0)
        {
            await output.WriteLineAsync(string.Create(c, $"{possiblyBilled} {(possiblyBilled == 1 ? "request" : "requests")} may have been billed: up to ${possiblyBilledUsd:0.00} (sent, answer never seen)."));
        }

        await output.WriteLineAsync(simulated > 0
            ? string.Create(c, $"Simulated: true ({simulated} of {answered} jobs with results are the built-in simulator's placeholders; a run with an API key makes them for real).")
            : "Simulated: false.");
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

        foreach (var (_, name, failure) in last)
        {
            await output.WriteLineAsync($"  {name}: {failure}");
        }

        return exitCode;
    }

    private static async Task WriteJsonAsync(
        TextWriter output, string directory, StatusCounts counts, decimal cost, int images, int possiblyBilled, decimal possiblyBilledUsd, int simulated, int answered,
        IReadOnlyDictionary<string, int> failures, ImageFailureCounts imageFailures, IReadOnlyList<(string JobKey, string OutputName, JobFailure Failure)> last)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, OutputJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("outputsDirectory", directory);
            OutputJson.WriteJobCounts(json, counts, imageFailures);
            json.WriteBoolean("simulated", simulated > 0);
            json.WriteNumber("simulatedJobs", simulated);
            json.WriteNumber("realJobs", answered - simulated);
            json.WriteStartObject("cost");
            json.WriteNumber("billedUsd", cost);
            json.WriteNumber("billedImages", images);
            json.WriteNumber("possiblyBilledRequests", possiblyBilled);
            json.WriteNumber("possiblyBilledUpToUsd", possiblyBilledUsd);
            json.WriteEndObject();
            OutputJson.WriteCounts(json, "failuresByKind", failures);
            json.WriteNumber("failedImages", imageFailures.Images);
            json.WriteStartArray("lastErrors");
            foreach (var (key, name, failure) in last)
            {
                json.WriteStartObject();
                json.WriteString("output", name);
                json.WriteString("jobKey", key);
                json.WriteString("kind", failure.Kind.Name);
                json.WriteString("code", failure.Code);
                json.WriteString("message", failure.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
