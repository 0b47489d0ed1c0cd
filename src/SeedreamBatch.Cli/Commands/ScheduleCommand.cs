using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Schedule;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>schedule</c>: a long-running process that runs each manifest's pipeline when its <c>schedule:</c> is due.</summary>
internal static class ScheduleCommand
{
    public static Command Create(TimeProvider time)
    {
        var manifests = new Argument<string[]>("manifests")
        {
            Description = "Pipeline manifests with a schedule: section.",
            Arity = ArgumentArity.OneOrMore,
        };
        var list = new Option<bool>("--list") { Description = "Show the next run times of each pipeline and exit." };
        var maxRuns = new Option<int?>("--max-runs") { Description = "Exit after starting N runs (once they end)." }.Check(n => n is < 1 ? "--max-runs must be 1 or more" : null);
        var until = new Option<string?>("--until") { Description = "Exit at this time: ISO 8601 (2026-12-03T02:00:00Z) or a duration from now (90s, 10m, 2h, 1d)." };
        var provider = new Option<string?>("--provider") { Description = "As for run: 'sim' runs every pipeline against the built-in simulator." };
        var simFaults = new Option<string?>("--sim-faults") { Description = "As for run: a fault profile for the built-in simulator." };
        var stateDir = new Option<string?>("--state-dir") { Description = "Keep the last due times here instead of <outputs root>/.seedream/." };
        var command = new Command("schedule", "Run pipelines when their schedule: is due, until stopped (SIGTERM: running pipelines finish their jobs in flight). Exit 0 on a clean stop, 130 when a run was interrupted, 2 on invalid input.")
        {
            manifests, list, maxRuns, until, provider, simFaults, stateDir,
        };
        var manifestOptions = new ManifestOptions();
        manifestOptions.AddTo(command);
        command.SetAction(async (ParseResult parse, CancellationToken _) =>
        {
            var overrides = manifestOptions.Read(parse);
            var untilText = parse.GetValue(until);
            DateTimeOffset? untilAt = null;
            if (untilText is not null)
            {
                if (ParseUntil(untilText, time.GetUtcNow()) is not { } parsed)
                {
                    await Console.Error.WriteLineAsync($"seedream-batch schedule: --until '{untilText}' is neither an ISO 8601 time (2026-12-03T02:00:00Z) nor a duration (90s, 10m, 2h, 1d)");
                    return ExitCodes.InvalidInput;
                }

                untilAt = parsed;
            }

            var pipelines = Load(parse.GetValue(manifests)!, overrides, parse.GetValue(stateDir));
            if (pipelines is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(list))
            {
                PrintList(pipelines, time, Console.Out);
                return ExitCodes.Success;
            }

            var log = new ScheduleLog(Console.Out, time);
            var verbose = parse.GetValue(GlobalOptions.Verbose);
            var launcher = new InProcessLauncher(time, overrides, parse.GetValue(provider), Console.Out, Console.Error, verbose, parse.GetValue(simFaults));
            using var signals = new InterruptSignals(
                () => log.Write("*", "stopping: no new runs; runs going on finish their jobs in flight (signal again to abort them)"),
                () => log.Write("*", "aborting: cancelling the jobs in flight; the next run resumes them"));
            foreach (var p in pipelines)
            {
                log.Write(p.Name, $"scheduled '{p.Schedule.Cron}' ({p.Schedule.TimeZone.Id}, catch_up {p.Schedule.CatchUp.ToString().ToLowerInvariant()}), next {Next(p, time)}");
            }

            var scheduler = new Scheduler(pipelines, launcher, time, log, new ScheduleLimits(parse.GetValue(maxRuns), untilAt));
            return await scheduler.RunAsync(signals.Stop, signals.Abort);
        });
        return command;
    }

    /// <summary>Each manifest loaded (with --env/--set) and checked to have a schedule; null after printing every problem.</summary>
    public static List<ScheduledPipeline>? Load(IReadOnlyList<string> paths, ManifestOverrides overrides, string? stateDirectory)
    {
        var problems = new List<Diagnostic>();
        var pipelines = new List<ScheduledPipeline>();
        foreach (var path in paths)
        {
            var load = ManifestLoader.Load(path, overrides);
            problems.AddRange(load.Diagnostics);
            if (load.Pipeline is not { } pipeline)
            {
                continue;
            }

            if (pipeline.Schedule is not { } schedule)
            {
                problems.Add(Diagnostic.Error(new SourceLocation(ManifestLoader.DisplayPath(path), 1, 1),
                    "no schedule: section; add e.g. schedule: { cron: \"30 1 * * *\", timezone: Asia/Shanghai } to run it with 'schedule'"));
                continue;
            }

            var state = ScheduleStateFile.PathFor(pipeline, stateDirectory);
            if (pipelines.FirstOrDefault(p => p.StatePath == state) is { } twin)
            {
                problems.Add(Diagnostic.Error(new SourceLocation(ManifestLoader.DisplayPath(path), 1, 1),
                    $"pipeline '{pipeline.Name}' is already scheduled from {ManifestLoader.DisplayPath(twin.ManifestPath)}; one schedule per pipeline"));
                continue;
            }

            try
            {
                // Read once here so a damaged state file is an input error now, not a crash at the first due time.
                ScheduleState.Load(state);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                problems.Add(Diagnostic.Error(SourceLocation.OfFile(state), e.Message));
                continue;
            }

            pipelines.Add(new ScheduledPipeline(pipeline.ManifestPath, pipeline.Name, schedule, state));
        }

        DiagnosticPrinter.Print(problems);
        return problems.Any(d => d.IsError) ? null : pipelines;
    }

    public static void PrintList(IReadOnlyList<ScheduledPipeline> pipelines, TimeProvider time, TextWriter output)
    {
        var now = time.GetUtcNow();
        foreach (var p in pipelines)
        {
            var zone = p.Schedule.TimeZone;
            ScheduleState? state = null;
            try
            {
                state = ScheduleState.Load(p.StatePath);
            }
            catch (InvalidDataException e)
            {
                output.WriteLine($"  warning: {e.Message}");
            }

            output.WriteLine($"{p.Name}: '{p.Schedule.Cron}' in {zone.Id}, catch_up {p.Schedule.CatchUp.ToString().ToLowerInvariant()} ({ManifestLoader.DisplayPath(p.ManifestPath)})");
            output.WriteLine(state?.LastRunStarted is { } last
                ? $"  last run:  {ScheduleLog.Local(last, zone)}, exit {state.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "(not finished)"}"
                : "  last run:  never");
            var at = state is not null && state.LastDue > now ? state.LastDue : now;
            for (var i = 0; i < 3 && p.Schedule.NextAfter(at) is { } next; i++, at = next)
            {
                output.WriteLine($"  {(i == 0 ? "next runs:" : "          ")} {ScheduleLog.Local(next, zone)}  ({next.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC)");
            }
        }
    }

    private static string Next(ScheduledPipeline p, TimeProvider time) =>
        p.Schedule.NextAfter(time.GetUtcNow()) is { } next ? ScheduleLog.Local(next, p.Schedule.TimeZone) : "never";

    public static DateTimeOffset? ParseUntil(string text, DateTimeOffset now)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && text.Contains('-', StringComparison.Ordinal))
        {
            return at.ToUniversalTime();
        }

        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            return span is { } s ? now + s : null;
        }

        return null;
    }
}
