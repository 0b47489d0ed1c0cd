using System.CommandLine;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Cli.Run;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>run</c>: generate, download and post-process every job of a manifest; resumable and incremental.</summary>
internal static class RunCommand
{
    public static Command Create(TimeProvider time)
    {
        var manifest = ManifestArgument.Create();
        var provider = new Option<string?>("--provider") { Description = "Use this provider instead of the manifest's; 'sim' runs against the built-in simulator." };
        var limit = new Option<long?>("--limit") { Description = "Run only the first N jobs." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests in flight at once (overrides the provider's concurrency)." };
        var maxCost = new Option<decimal?>("--max-cost") { Description = "Budget in USD for this run (overrides budget.max_cost_usd); never exceeded." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Submit again jobs that failed in earlier runs." };
        var retryUnknown = new Option<bool>("--retry-unknown") { Description = "Submit again jobs whose earlier outcome is unknown (may pay twice)." };
        var force = new Option<bool>("--force") { Description = "Regenerate every job, paying again, whatever earlier runs did." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan (as 'plan') and stop: no call, no file." };
        var simFaults = new Option<string?>("--sim-faults") { Description = "Fault profile (YAML, see docs/simulator.md) for the built-in simulator." };
        var requireKey = new Option<bool>("--require-key")
        {
            Description = "A missing API key is an error (exit 2) instead of a run on the built-in simulator; also SEEDREAM_REQUIRE_KEY=1. Use it in cron and CI.",
        };
        var csvBom = new Option<bool>("--csv-bom") { Description = "Start manifest.csv with a UTF-8 byte order mark, so Excel reads Chinese names right (also outputs.csv_bom)." };
        var outputsDir = OutputsSelection.CreateOutputsOption();
        var date = OutputsSelection.CreateDateOption();
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 1)
            {
                r.AddError("--limit must be 1 or more");
            }
        });
        concurrency.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 1024)
            {
                r.AddError("--concurrency must be between 1 and 1024");
            }
        });
        maxCost.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<decimal?>() is < 0)
            {
                r.AddError("--max-cost must be 0 or more");
            }
        });

        var command = new Command("run", "Run a pipeline: generate, download and post-process every job not done yet; Ctrl+C once stops, twice aborts.")
        {
            manifest, provider, limit, concurrency, maxCost, retryFailed, retryUnknown, force, dryRun, simFaults, requireKey, outputsDir, date, csvBom,
        };
        command.SetAction(async (ParseResult parse, CancellationToken _) =>
        {
            var noColor = parse.GetValue(GlobalOptions.NoColor);
            if (parse.GetValue(dryRun))
            {
                return PlanCommand.Execute(parse.GetValue(manifest)!, "table", 10, parse.GetValue(limit), noColor, time, parse.GetValue(date), parse.GetValue(outputsDir));
            }

            var request = new RunRequest
            {
                ManifestPath = parse.GetValue(manifest)!,
                Provider = parse.GetValue(provider),
                Limit = parse.GetValue(limit),
                Concurrency = parse.GetValue(concurrency),
                MaxCostUsd = parse.GetValue(maxCost),
                RetryFailed = parse.GetValue(retryFailed),
                RetryUnknown = parse.GetValue(retryUnknown),
                Force = parse.GetValue(force),
                SimFaultsPath = parse.GetValue(simFaults),
                RequireKey = parse.GetValue(requireKey),
                CsvBom = parse.GetValue(csvBom),
                OutputsDirectory = parse.GetValue(outputsDir),
                Date = parse.GetValue(date),
            };
            using var view = RunProgressView.Create(ConsoleFactory.Create(noColor), time);
            using var signals = new InterruptSignals(
                () => view.Note(view.StoppingLine()),
                () => view.Note("Aborting: cancelling the jobs in flight; the next run resumes them."));
            var runner = new PipelineRunner(time, view.Output, Console.Error, parse.GetValue(GlobalOptions.Verbose), view.LogConsole);
            var result = await view.RunAsync(progress => runner.RunAsync(request, progress, signals.Stop, signals.Abort));
            return result.ExitCode;
        });
        return command;
    }
}
