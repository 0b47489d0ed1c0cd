using System.CommandLine;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Engine.State;

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

        var outputs = OutputsSelection.CreateOutputsOption();
        var date = OutputsSelection.CreateDateOption();
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

        var command = new Command("plan", "Show the jobs a manifest makes, the images and their estimated cost, and what is already paid, before any paid call.")
        {
            manifest, format, show, limit, outputs, date, shards,
        };
        var manifestOptions = new ManifestOptions();
        manifestOptions.AddTo(command, showEffective: true);
        command.SetAction(parse => Execute(
            parse.GetValue(manifest)!, parse.GetValue(format)!, parse.GetValue(show), parse.GetValue(limit), parse.GetValue(GlobalOptions.NoColor), time,
            manifestOptions.Read(parse), parse.GetValue(manifestOptions.ShowEffective), parse.GetValue(date), parse.GetValue(outputs), parse.GetValue(shards)));
        return command;
    }

    /// <summary>The plan of a manifest on stdout; also what <c>run --dry-run</c> shows.</summary>
    public static int Execute(
        string manifestPath, string format, int show, long? limit, bool noColor, TimeProvider time, ManifestOverrides? overrides = null, bool showEffective = false,
        DateOnly? date = null, string? outputs = null, int? shards = null)
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

        var run = OutputsSelection.Context(time, date, outputs);

        // The jobs are expanded once: the split and the "to pay now" survey (when a store or the ledger exists) read them back.
        var ledgerPath = StoreLocations.LedgerPath(load.Pipeline.ManifestPath, load.Pipeline.Name);
        var outputsDirectory = new JobExpander(load.Pipeline, run).OutputDirectory;
        var survey = format != "json" && (File.Exists(ledgerPath) || File.Exists(StoreLocations.StatePath(outputsDirectory)));
        using var spool = survey || shards is not null ? new JobSpool() : null;
        var plan = PlanBuilder.Build(load.Pipeline, run, show, limit, load.Diagnostics, spool);
        if (plan.HasErrors)
        {
            DiagnosticPrinter.Print(plan.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        var split = shards is { } count ? ShardSplit.Count(spool!.Read(), count) : null;
        if (format == "json")
        {
            var json = PlanJson.Serialize(plan, time.GetUtcNow());
            Console.Out.WriteLine(split is null ? json : ShardSplit.AddToJson(json, split));
        }
        else
        {
            PlanTable.Write(ConsoleFactory.Create(noColor), plan);
            if (survey)
            {
                Console.Out.WriteLine(Survey(load.Pipeline, spool!, outputsDirectory, ledgerPath, time));
            }

            if (split is not null)
            {
                ShardSplit.Write(Console.Out, split);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>"To pay now: $0.00 for 0 jobs, 124 jobs already made": what this folder and the pipeline's other folders already hold.</summary>
    private static string Survey(PipelineSpec pipeline, JobSpool jobs, string outputsDirectory, string ledgerPath, TimeProvider time)
    {
        var keyVariable = pipeline.ProviderSettingsFor(pipeline.Dialect).ApiKeyEnv;
        var simulated = pipeline.UsesSimulator || string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(keyVariable));
        var work = PaidWorkSurvey.SurveyAsync(jobs.Read(), outputsDirectory, ledgerPath, simulated, time, CancellationToken.None).GetAwaiter().GetResult();
        var line = PaidWorkSurvey.Describe(work, simulated ? "the built-in simulator (no " + keyVariable + ")" : pipeline.ProviderName);
        return char.ToUpperInvariant(line[0]) + line[1..] + ".";
    }
}
