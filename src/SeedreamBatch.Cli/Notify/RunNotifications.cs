using System.Globalization;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Notify;

/// <summary>
/// Wraps one run with its <c>notify:</c>: the start ping goes out without the run waiting for it; at the end every
/// target is told, failures become warnings on stderr and in summary.json, and the run's result is returned as it was.
/// </summary>
internal sealed class RunNotifications(NotifySpec spec, TimeProvider time, NotifyOptions options, TextWriter error)
{
    public async Task<RunResult> AroundAsync(PipelineSpec pipeline, Func<Task<RunResult>> run)
    {
        // The per-try timeout is Polly's, on the injected clock; HttpClient's own would be real time.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var notifier = new RunNotifier(spec, http, time, options, pipeline.BaseDirectory);
        var started = notifier.StartedAsync();
        RunResult result;
        try
        {
            result = await run().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An internal error is a failed run to whoever waits for the nightly message; it is still thrown.
            await TellAsync(notifier, started, pipeline, new RunResult(ExitCodes.SomeJobsFailed, null, null), $"internal error: {e.Message}").ConfigureAwait(false);
            throw;
        }

        await TellAsync(notifier, started, pipeline, result, null).ConfigureAwait(false);
        return result;
    }

    private async Task TellAsync(RunNotifier notifier, Task<IReadOnlyList<string>> started, PipelineSpec pipeline, RunResult result, string? why)
    {
        var summaryPath = result.OutputDirectory is { } outputs ? Path.Combine(outputs, "summary.json") : null;
        if (summaryPath is not null && !File.Exists(summaryPath))
        {
            summaryPath = null;
        }

        var notice = Notice(pipeline, result, summaryPath, why);
        List<string> warnings = [.. await started.ConfigureAwait(false), .. await notifier.FinishedAsync(notice, summaryPath).ConfigureAwait(false)];
        foreach (var warning in warnings)
        {
            await error.WriteLineAsync($"warning: notify: {warning}").ConfigureAwait(false);
        }

        if (summaryPath is not null)
        {
            SummaryNotes.Append(summaryPath, warnings);
        }
    }

    private RunNotice Notice(PipelineSpec pipeline, RunResult result, string? summaryPath, string? why)
    {
        var (name, status) = RunNotice.Classify(result.ExitCode);
        var o = result.Outcome;
        var who = pipeline.Environment is { } env ? $"{pipeline.Name} ({env})" : pipeline.Name;
        var what = result.SummaryLine ?? why ?? $"exit {result.ExitCode} ({status})";
        var mark = status switch
        {
            "succeeded" => ":white_check_mark:",
            "budget_reached" => ":warning:",
            _ => ":x:",
        };
        return new RunNotice
        {
            Event = name,
            Pipeline = pipeline.Name,
            Environment = pipeline.Environment,
            Status = status,
            ExitCode = result.ExitCode,
            Done = o?.Done ?? 0,
            Failed = o?.Failed ?? 0,
            Skipped = o is null ? 0 : o.SkippedDone + o.SkippedFailed,
            Images = o?.ImagesGenerated ?? 0,
            CostUsd = o?.BilledCostUsd ?? 0,
            Outputs = result.OutputDirectory,
            Summary = summaryPath,
            RunId = result.RunId,
            Time = time.GetUtcNow(),
            Text = string.Create(CultureInfo.InvariantCulture, $"{mark} seedream-batch {who}: {what}"),
        };
    }
}
