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
        var limit = new Option<long?>("--limit") { Description = "Run only the first N jobs." }.Check(n => n is < 1 ? "--limit must be 1 or more" : null);
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests in flight at once (overrides the provider's concurrency)." }
            .Check(n => n is < 1 or > 1024 ? "--concurrency must be between 1 and 1024" : null);
        var maxCost = new Option<decimal?>("--max-cost") { Description = "Budget in USD for this run (overrides budget.max_cost_usd); never exceeded." }
            .Check(usd => usd is < 0 ? "--max-cost must be 0 or more" : null);
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Submit again jobs that failed in earlier runs." };
        var retryUnknown = new Option<bool>("--retry-unknown") { Description = "Submit again jobs whose earlier outcome is unknown (may pay twice)." };
        var verify = new Option<bool>("--verify") { Description = "Hash every file earlier runs made, instead of trusting those whose size, times and inode are unchanged." };
        var force = new Option<bool>("--force") { Description = "Regenerate every job, paying again, whatever earlier runs did." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan (as 'plan') and stop: no call, no file." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard I of N (I/N, from 0): the jobs whose key hashes to it; also SEEDREAM_SHARD=I/N." };
        var shards = new Option<int?>("--shards") { Description = "The shard count N, with the index from JOB_COMPLETION_INDEX (Kubernetes Indexed Job)." };
        var simFaults = new Option<string?>("--sim-faults") { Description = "Fault profile (YAML, see docs/simulator.md) for the built-in simulator." };
        var requireKey = new Option<bool>("--require-key")
        {
            Description = "A missing API key is an error (exit 2) instead of a run on the built-in simulator; also SEEDREAM_REQUIRE_KEY=1. Use it in cron and CI.",
        };
        var csvBom = new Option<bool>("--csv-bom") { Description = "Start manifest.csv with a UTF-8 byte order mark, so Excel reads Chinese names right (also outputs.csv_bom)." };
        var outputsDir = OutputsSelection.CreateOutputsOption();
        var date = OutputsSelection.CreateDateOption();
        var maxRetryAfter = new Option<int?>("--max-retry-after") { Description = "Longest wait, in seconds, for a provider's Retry-After or a retry (default 60)." }
            .Check(s => s is < 1 or > 3600 ? "--max-retry-after must be between 1 and 3600 seconds" : null);
        var only = new Option<string[]>("--only") { Description = "Run only the jobs whose variable has this value (name=value; repeat to narrow); done jobs are still skipped." };

        var command = new Command("run", "Run a pipeline: generate, download and post-process every job not done yet; Ctrl+C once stops, twice aborts.")
        {
            manifest, provider, limit, concurrency, maxCost, retryFailed, retryUnknown, force, verify, dryRun, simFaults, maxRetryAfter, only, requireKey, outputsDir, date, csvBom, shard, shards,
        };
        var manifestOptions = new ManifestOptions();
        manifestOptions.AddTo(command);
        command.SetAction(async (ParseResult parse, CancellationToken _) =>
        {
            var noColor = parse.GetValue(GlobalOptions.NoColor);
            var overrides = manifestOptions.Read(parse);
            if (parse.GetValue(dryRun))
            {
                return PlanCommand.Execute(parse.GetValue(manifest)!, "table", 10, parse.GetValue(limit), noColor, time, overrides, date: parse.GetValue(date), outputs: parse.GetValue(outputsDir), shards: parse.GetValue(shards));
            }

            if (!ShardSelection.TryResolve(parse.GetValue(shard), parse.GetValue(shards), Environment.GetEnvironmentVariable, out var selected, out var shardError))
            {
                await Console.Error.WriteLineAsync($"seedream-batch run: {shardError}");
                return ExitCodes.InvalidInput;
            }

            JobSelection? selection = null;
            if (parse.GetValue(only) is { Length: > 0 } conditions)
            {
                selection = JobSelection.Parse("--only", conditions, [], out var problem);
                if (selection is null || OnlyProblem(parse.GetValue(manifest)!, selection, time) is { } unknown && (problem = unknown) is not null)
                {
                    Console.Error.WriteLine("seedream-batch run: " + problem);
                    return ExitCodes.InvalidInput;
                }
            }

            var request = new RunRequest
            {
                Shard = selected,
                Only = selection,
                ManifestPath = parse.GetValue(manifest)!,
                Overrides = overrides,
                Provider = parse.GetValue(provider),
                Limit = parse.GetValue(limit),
                Concurrency = parse.GetValue(concurrency),
                MaxCostUsd = parse.GetValue(maxCost),
                RetryFailed = parse.GetValue(retryFailed),
                RetryUnknown = parse.GetValue(retryUnknown),
                Force = parse.GetValue(force),
                Verify = parse.GetValue(verify),
                SimFaultsPath = parse.GetValue(simFaults),
                RequireKey = parse.GetValue(requireKey),
                CsvBom = parse.GetValue(csvBom),
                OutputsDirectory = parse.GetValue(outputsDir),
                Date = parse.GetValue(date),
            };
            if (parse.GetValue(maxRetryAfter) is { } seconds)
            {
                request = request with { MaxRateLimitPause = TimeSpan.FromSeconds(seconds) };
            }

            return (await RunInViewAsync(request, time, parse, view => view.StoppingLine())).ExitCode;
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="request"/> under the progress view: the first Ctrl+C notes <paramref name="stoppingLine"/> and stops,
    /// the second aborts (shared by <c>run</c> and <c>redo</c>).
    /// </summary>
    internal static async Task<RunResult> RunInViewAsync(RunRequest request, TimeProvider time, ParseResult parse, Func<RunProgressView, string> stoppingLine)
    {
        using var view = RunProgressView.Create(ConsoleFactory.Create(parse.GetValue(GlobalOptions.NoColor)), time);
        using var signals = new InterruptSignals(
            () => view.Note(stoppingLine(view)),
            () => view.Note("Aborting: cancelling the jobs in flight; the next run resumes them."));
        var runner = new PipelineRunner(time, view.Output, Console.Error, parse.GetValue(GlobalOptions.Verbose), view.LogConsole);
        return await view.RunAsync(progress => runner.RunAsync(request, progress, signals.Stop, signals.Abort));
    }

    /// <summary>An <c>--only</c> naming a variable no job of the manifest has, as one line (the manifest's own errors are the run's to report).</summary>
    private static string? OnlyProblem(string manifestPath, JobSelection selection, TimeProvider time)
    {
        var load = Core.Manifest.ManifestLoader.Load(manifestPath);
        return load.Pipeline is { } pipeline ? selection.CheckVariables("--only", RedoPlanner.Variables(RedoPlanner.Expand(pipeline, time, out _))) : null;
    }
}
