using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// <c>redo</c>: generate selected items again (rejected ones, or by variable or key) with a new seed, after showing the plan
/// and its cost; the previous version is kept as history and the new one starts "not reviewed".
/// </summary>
internal static class RedoCommand
{
    public sealed record Arguments
    {
        public required string ManifestPath { get; init; }

        public bool Rejected { get; init; }

        public IReadOnlyList<string> Where { get; init; } = [];

        public IReadOnlyList<string> Jobs { get; init; } = [];

        public bool SameSeed { get; init; }

        public bool Yes { get; init; }

        public string? Provider { get; init; }

        public decimal? MaxCostUsd { get; init; }

        public int? Concurrency { get; init; }

        public string? SimFaultsPath { get; init; }
    }

    public static Command Create(TimeProvider time)
    {
        var manifest = ManifestArgument.Create();
        var rejected = new Option<bool>("--rejected") { Description = "Redo the items rejected in review." };
        var where = new Option<string[]>("--where") { Description = "Redo the items whose variable has this value (name=value; repeat to narrow).", AllowMultipleArgumentsPerToken = false };
        var job = new Option<string[]>("--job") { Description = "Redo this job (its key, or its first 8+ hex digits); repeatable." };
        var sameSeed = new Option<bool>("--same-seed") { Description = "Send the same seed again (default: a new seed)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask before paying (required without a terminal)." };
        var provider = new Option<string?>("--provider") { Description = "Use this provider instead of the manifest's; 'sim' runs against the built-in simulator." };
        var maxCost = new Option<decimal?>("--max-cost") { Description = "Budget in USD for this redo (overrides budget.max_cost_usd); never exceeded." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests in flight at once." };
        var simFaults = new Option<string?>("--sim-faults") { Description = "Fault profile for the built-in simulator." };
        var command = new Command("redo", "Generate chosen items again (new seed, current prompt), keeping the previous version as history; shows the plan and cost first.")
        {
            manifest, rejected, where, job, sameSeed, yes, provider, maxCost, concurrency, simFaults,
        };
        command.SetAction(async (ParseResult parse, CancellationToken _) =>
        {
            var args = new Arguments
            {
                ManifestPath = parse.GetValue(manifest)!,
                Rejected = parse.GetValue(rejected),
                Where = parse.GetValue(where) ?? [],
                Jobs = parse.GetValue(job) ?? [],
                SameSeed = parse.GetValue(sameSeed),
                Yes = parse.GetValue(yes),
                Provider = parse.GetValue(provider),
                MaxCostUsd = parse.GetValue(maxCost),
                Concurrency = parse.GetValue(concurrency),
                SimFaultsPath = parse.GetValue(simFaults),
            };
            var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected;
            return await ExecuteAsync(
                args, time, Console.Out, Console.Error, interactive ? Confirm : null,
                async request => (await RunCommand.RunInViewAsync(
                    request, time, parse, _ => "Stopping: finishing the jobs in flight and recording them (Ctrl+C again to abort).")).ExitCode);
        });
        return command;
    }

    /// <summary>
    /// Plans, shows, asks (<paramref name="confirm"/>; null: no terminal, so only <c>--yes</c> proceeds) and runs the redo
    /// through <paramref name="run"/>.
    /// </summary>
    public static async Task<int> ExecuteAsync(
        Arguments args, TimeProvider time, TextWriter output, TextWriter error, Func<string, bool>? confirm, Func<RunRequest, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(run);
        if (!args.Rejected && args.Where.Count == 0 && args.Jobs.Count == 0)
        {
            await error.WriteLineAsync("seedream-batch redo: say what to redo: --rejected, --where name=value or --job KEY");
            return ExitCodes.InvalidInput;
        }

        if (JobSelection.Parse("--where", args.Where, args.Jobs, out var selectionError) is not { } selection)
        {
            await error.WriteLineAsync("seedream-batch redo: " + selectionError);
            return ExitCodes.InvalidInput;
        }

        var load = ManifestLoader.Load(args.ManifestPath);
        if (load.Pipeline is not { } pipeline)
        {
            DiagnosticPrinter.Print(load.Diagnostics, error);
            return ExitCodes.InvalidInput;
        }

        var jobs = RedoPlanner.Expand(pipeline, time, out var outputs);
        if (selection.CheckVariables("--where", RedoPlanner.Variables(jobs)) is { } unknown)
        {
            await error.WriteLineAsync("seedream-batch redo: " + unknown);
            return ExitCodes.InvalidInput;
        }

        var database = StateStore.PathFor(outputs);
        if (!File.Exists(database))
        {
            await error.WriteLineAsync($"seedream-batch redo: no runs recorded in {outputs}: nothing to redo (use 'run' to make the pipeline)");
            return ExitCodes.InvalidInput;
        }

        // Written by this version? Opening the store upgrades it (schema 5 holds the reviews and versions).
        StateStore.Open(database, time).Dispose();
        IReadOnlyList<RedoPlanner.Planned> planned;
        IReadOnlyList<string> skipped;
        using (var reader = StateReader.Open(database))
        {
            (planned, skipped) = RedoPlanner.Plan(jobs, reader, selection, args.Rejected, args.SameSeed);
        }

        foreach (var line in skipped)
        {
            await error.WriteLineAsync("warning: " + line);
        }

        if (planned.Count == 0)
        {
            await output.WriteLineAsync("Nothing to redo: no item matches.");
            return ExitCodes.Success;
        }

        var c = CultureInfo.InvariantCulture;
        var cost = planned.Sum(p => p.Job.EstimatedCostUsd);
        var budget = args.MaxCostUsd ?? pipeline.Budget.MaxCostUsd;
        await output.WriteLineAsync(string.Create(c,
            $"Redo {planned.Count} item{(planned.Count == 1 ? "" : "s")} ({(args.SameSeed ? "same seed" : "new seed")}): estimated ${cost:0.00}{(budget is { } b ? $" of a ${b:0.00} budget" : "")}; the current versions are kept in {RedoArchive.HistoryFolder}/."));
        foreach (var p in planned.Take(20))
        {
            var seed = p.Item.Seed == p.OldSeed ? $"seed {p.Item.Seed?.ToString(c) ?? "—"}" : $"seed {p.OldSeed?.ToString(c) ?? "—"} → {p.Item.Seed?.ToString(c) ?? "—"}";
            var why = p.Item.SourceKey is null ? "new" : p.Item.SourceKey != p.Job.Key ? "prompt changed" : p.Decision ?? "not reviewed";
            await output.WriteLineAsync(string.Create(c, $"  {p.Job.Output.RelativeBaseName,-44} {JobKeys.Short(p.Job.Key)}  v{p.Item.Version}  {seed}  ({why})  ${p.Job.EstimatedCostUsd:0.00}"));
        }

        if (planned.Count > 20)
        {
            await output.WriteLineAsync(string.Create(c, $"  … and {planned.Count - 20} more"));
        }

        if (budget is { } limit && cost > limit)
        {
            await error.WriteLineAsync(string.Create(c, $"seedream-batch redo: the redo is estimated at ${cost:0.00}, more than the budget of ${limit:0.00}; narrow it or raise --max-cost. Nothing was changed."));
            return ExitCodes.BudgetReached;
        }

        if (!args.Yes)
        {
            if (confirm is null)
            {
                await error.WriteLineAsync("seedream-batch redo: not confirmed: without a terminal, pass --yes to pay for this redo. Nothing was changed.");
                return ExitCodes.InvalidInput;
            }

            if (!confirm(string.Create(c, $"Pay about ${cost:0.00} to generate {planned.Count} item(s) again? [y/N] ")))
            {
                await output.WriteLineAsync("Cancelled; nothing was changed.");
                return ExitCodes.Success;
            }
        }

        return await run(new RunRequest
        {
            ManifestPath = args.ManifestPath,
            Provider = args.Provider,
            MaxCostUsd = args.MaxCostUsd,
            Concurrency = args.Concurrency,
            SimFaultsPath = args.SimFaultsPath,
            Redo = planned.ToDictionary(p => p.Job.Key, p => p.Item, StringComparer.Ordinal),
        });
    }

    private static bool Confirm(string question)
    {
        Console.Out.Write(question);
        var answer = Console.ReadLine()?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
