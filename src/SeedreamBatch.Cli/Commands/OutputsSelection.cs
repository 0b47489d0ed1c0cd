using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// <c>--outputs DIR</c> and <c>--date YYYY-MM-DD</c>, shared by the commands that pick an outputs folder (run, plan, status,
/// export): which day's folder of a pipeline to retry or inspect.
/// </summary>
internal static class OutputsSelection
{
    public static Option<string?> CreateOutputsOption() => new("--outputs")
    {
        Description = "Use this outputs folder instead of the manifest's outputs.dir (retry or inspect another day's run).",
    };

    public static Option<DateOnly?> CreateDateOption()
    {
        var option = new Option<DateOnly?>("--date")
        {
            Description = "Render run.date as this day (YYYY-MM-DD): the outputs folder of that day's run.",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return date;
                }

                r.AddError($"--date '{text}' is not a date: write YYYY-MM-DD, e.g. 2026-12-01");
                return null;
            },
        };
        return option;
    }

    /// <summary>The run context a command renders folders with: today, or <paramref name="date"/>, or the folder given.</summary>
    public static RunContext Context(TimeProvider time, DateOnly? date, string? outputs)
    {
        var run = RunContext.Start(time);
        if (date is { } day)
        {
            run = run.OnDate(day);
        }

        return outputs is null ? run : run with { OutputsDirectory = Path.GetFullPath(outputs) };
    }

    /// <summary>The outputs folder of <paramref name="pipeline"/> for that context.</summary>
    public static string OutputsDirectory(PipelineSpec pipeline, RunContext run) => new JobExpander(pipeline, run).OutputDirectory;
}
