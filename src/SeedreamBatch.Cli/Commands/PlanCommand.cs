using System.CommandLine;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Sharding;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>plan</c>: jobs, images and estimated cost of a manifest, and its first jobs. No network call.</summary>
internal static class PlanCommand
{
    public static Command Create(TimeProvider time)
    {
        var manifest = ManifestArgument.Create();
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: table (for people) or json (stable, see docs/plan-json.md).",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var show = new Option<int>("--show")
        {
            Description = "How many of the first jobs to list.",
            DefaultValueFactory = _ => 10,
        };
        show.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--show must be 0 or more");
            }
        });
        var limit = new Option<long?>("--limit")
        {
            Description = "Plan only the first N jobs (as 'run --limit N' would run).",
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 1)
            {
                r.AddError("--limit must be 1 or more");
            }
        });

        var shards = new Option<int?>("--shards")
        {
            Description = "Also show how N workers (run --shard I/N) would split the jobs.",
        };
        shards.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is { } n && ShardSpec.CountError(n) is { } problem)
            {
                r.AddError($"--shards: {problem}");
            }
        });

        var command = new Command("plan", "Show the jobs a manifest makes, the images and their estimated cost, before any paid call.")
        {
            manifest, format, show, limit, shards,
        };
        var manifestOptions = new ManifestOptions();
        manifestOptions.AddTo(command, showEffective: true);
        command.SetAction(parse => Execute(
            parse.GetValue(manifest)!, parse.GetValue(format)!, parse.GetValue(show), parse.GetValue(limit), parse.GetValue(GlobalOptions.NoColor), time,
            manifestOptions.Read(parse), parse.GetValue(manifestOptions.ShowEffective), parse.GetValue(shards)));
        return command;
    }

    /// <summary>The plan of a manifest on stdout; also what <c>run --dry-run</c> shows.</summary>
    public static int Execute(
        string manifestPath, string format, int show, long? limit, bool noColor, TimeProvider time, ManifestOverrides? overrides = null, bool showEffective = false, int? shards = null)
    {
        overrides ??= ManifestOverrides.None;
        var load = ManifestLoader.Load(manifestPath, overrides);
        if (showEffective && format != "json")
        {
            ManifestOptions.PrintEffective(manifestPath, overrides, load, Console.Out);
        }

        if (load.Pipeline is null)
        {
            DiagnosticPrinter.Print(load.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        var run = RunContext.Start(time);
        var plan = PlanBuilder.Build(load.Pipeline, run, show, limit, load.Diagnostics);
        if (plan.HasErrors)
        {
            DiagnosticPrinter.Print(plan.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        var split = shards is { } count ? ShardSplit.Count(load.Pipeline, run, count, limit) : null;
        if (format == "json")
        {
            var json = PlanJson.Serialize(plan, time.GetUtcNow());
            Console.Out.WriteLine(split is null ? json : ShardSplit.AddToJson(json, split));
        }
        else
        {
            PlanTable.Write(ConsoleFactory.Create(noColor), plan);
            if (split is not null)
            {
                ShardSplit.Write(Console.Out, split);
            }
        }

        return ExitCodes.Success;
    }
}
