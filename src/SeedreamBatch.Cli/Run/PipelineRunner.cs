using SeedreamBatch.Cli.Notify;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Engine.Adapters;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Coordination;
using SeedreamBatch.Engine.Download;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.Progress;
using SeedreamBatch.Engine.Routing;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Imaging;
using SeedreamBatch.Providers;
using SeedreamBatch.Simulator;
using SeedreamBatch.Simulator.Profiles;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// The composition of <c>run</c>: load and fully validate (nothing is paid for an invalid manifest), choose the
/// provider or the embedded simulator, open the state store, build limits and budget, run the engine, summarise.
/// </summary>
/// <remarks>
/// The log's console part (warnings and errors, everything with --verbose) goes to <c>logConsole</c>, stderr by
/// default; a live view passes its own writer so log lines show inside the view instead of tearing it.
/// </remarks>
internal sealed class PipelineRunner(TimeProvider time, TextWriter output, TextWriter error, bool verbose = false, TextWriter? logConsole = null)
{
    /// <summary>Set to 1, the same as <c>--require-key</c> (for cron and CI, where a flag is easy to lose).</summary>
    public const string RequireKeyVariable = "SEEDREAM_REQUIRE_KEY";

    /// <summary>Runs the manifest. <paramref name="stop"/>: finish in-flight jobs, submit no more; <paramref name="abort"/>: cancel them.</summary>
    public async Task<RunResult> RunAsync(RunRequest request, IProgress<RunProgress>? progress, CancellationToken stop, CancellationToken abort)
    {
        ArgumentNullException.ThrowIfNull(request);
        var load = ManifestLoader.Load(request.ManifestPath, request.Overrides);
        if (load.Pipeline is not { } pipeline)
        {
            DiagnosticPrinter.Print(load.Diagnostics, error);
            return RunResult.Invalid;
        }

        // notify: wraps the rest; kept to this one seam so the run's own composition can change freely.
        return pipeline.Notify is { IsEmpty: false } notify
            ? await new RunNotifications(notify, time, request.NotifyOptions, error).AroundAsync(pipeline, () => RunLoadedAsync(request, load, pipeline, progress, stop, abort)).ConfigureAwait(false)
            : await RunLoadedAsync(request, load, pipeline, progress, stop, abort).ConfigureAwait(false);
    }

    private async Task<RunResult> RunLoadedAsync(
        RunRequest request, ManifestLoadResult load, PipelineSpec pipeline, IProgress<RunProgress>? progress, CancellationToken stop, CancellationToken abort)
    {
        if (!TryChooseProvider(pipeline, request.Provider, out pipeline, out var useSimulator))
        {
            return RunResult.Invalid;
        }

        // The whole manifest is expanded and checked once before anything is sent: an error anywhere pays nothing. The
        // jobs it makes (those --only or redo select, up to --limit) are spooled, and the run reads them back.
        var run = Commands.OutputsSelection.Context(time, request.Date, request.OutputsDirectory);
        using var spool = new JobSpool();
        var (only, redo) = (request.Only, request.Redo);
        var plan = PlanBuilder.Build(
            pipeline, run, previewJobs: 0, request.Limit, load.Diagnostics, spool,
            only is null && redo is null ? null : j => (only is null || only.Matches(j)) && (redo is null || redo.ContainsKey(j.Key)));
        DiagnosticPrinter.Print(plan.Diagnostics, error);
        if (plan.HasErrors)
        {
            return RunResult.Invalid;
        }

        var dialect = pipeline.Dialect;
        var section = pipeline.ProviderSectionFor(dialect);
        var keyVariable = pipeline.ProviderSettingsFor(dialect).ApiKeyEnv;
        var apiKey = request.Environment(keyVariable)?.Trim();
        var requireKey = request.RequireKey || request.Environment(RequireKeyVariable)?.Trim() == "1";
        if (!useSimulator && string.IsNullOrEmpty(apiKey) && requireKey)
        {
            // A scheduled run whose key went missing must fail loudly, not "succeed" on placeholder pictures.
            var why = request.RequireKey ? "--require-key" : $"{RequireKeyVariable}=1";
            await error.WriteLineAsync($"error: {keyVariable} is not set and {why} forbids falling back to the built-in simulator; set {keyVariable} (or run with --provider sim to simulate on purpose)").ConfigureAwait(false);
            return RunResult.Invalid;
        }

        // The simulator stands in for a missing key only under the default variable name: a variable the manifest
        // names on purpose and that is unset is a mistake (a cron job without its environment), never a silent free run.
        if (!useSimulator && string.IsNullOrEmpty(apiKey) && section is not null && keyVariable != ProviderSettings.DefaultsFor(dialect).ApiKeyEnv)
        {
            DiagnosticPrinter.Print(
                [Diagnostic.Error(section.Location, $"providers.{dialect.ToName()}.api_key_env names {keyVariable}, which is not set in the environment; set it, or run with --provider sim to use the built-in simulator")],
                error);
            return RunResult.Invalid;
        }

        if (!useSimulator && pipeline.Route is { } route && MissingRouteKeys(pipeline, route, request, apiKey) is { Count: > 0 } missing)
        {
            // Some keys but not all: running on part of the route would be a silent change of plan, a free run a surprise.
            await error.WriteLineAsync($"error: {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set: every provider of the route ({string.Join(", ", route.Providers)}) needs its key; set {(missing.Count == 1 ? "it" : "them")}, or run with --provider sim to simulate the route").ConfigureAwait(false);
            return RunResult.Invalid;
        }

        // The folder opened (both locks) before anything else starts, the simulator included: another run of this
        // pipeline, or of this folder, is "busy" (exit 4), and nothing of this one has happened yet.
        var outputs = new JobExpander(pipeline, run).OutputDirectory;
        var shard = request.Shard;
        var ledgerPath = StoreLocations.LedgerPath(pipeline.ManifestPath, pipeline.Name, shard);
        using var folder = RunFolder.TryOpen(outputs, ledgerPath, pipeline.Name, shard, time, out var refusal);
        if (folder is null)
        {
            await error.WriteLineAsync(refusal!.Busy ? refusal.Message : $"error: {refusal.Message}").ConfigureAwait(false);
            return new RunResult(refusal.Busy ? ExitCodes.Busy : ExitCodes.InvalidInput, null, outputs);
        }

        SimulatorHost? simulator = null;
        try
        {
            if (useSimulator || string.IsNullOrEmpty(apiKey))
            {
                simulator = await StartSimulatorAsync(request.SimFaultsPath, abort).ConfigureAwait(false);
                if (simulator is null)
                {
                    return RunResult.Invalid;
                }

                apiKey = simulator.ApiKey;
                var why = useSimulator ? "provider sim"
                    : pipeline.Route is { } unkeyed ? $"No key of the route set ({string.Join(", ", RouteKeyVariables(pipeline, unkeyed).Distinct(StringComparer.Ordinal))})"
                    : $"No {keyVariable} set";
                await output.WriteLineAsync($"{why}: running against the built-in simulator at {simulator.BaseUri.AbsoluteUri.TrimEnd('/')} (no charges; its pictures are placeholders, marked simulated; --require-key forbids this fallback).").ConfigureAwait(false);
            }

            // Each provider as this run talks to it (a route's in its order, else the one): its settings with the simulator's
            // address (it speaks every dialect) and --concurrency, and its key.
            var members = new List<RouteMember>();
            foreach (var (name, memberDialect) in pipeline.Route is { } r ? r.Providers.Zip(r.Dialects) : [(pipeline.ProviderName, dialect)])
            {
                var problems = pipeline.ProviderProblemsFor(memberDialect, simulator?.BaseUri);
                if (problems.Count > 0)
                {
                    DiagnosticPrinter.Print(problems, error);
                    return RunResult.Invalid;
                }

                var settings = pipeline.ProviderSettingsFor(memberDialect);
                settings = simulator is null ? settings : settings with { BaseUrl = simulator.BaseUri.AbsoluteUri.TrimEnd('/') };
                settings = request.Concurrency is { } concurrency ? settings with { Concurrency = concurrency } : settings;
                members.Add(new RouteMember(name, memberDialect, settings, simulator?.ApiKey ?? request.Environment(settings.ApiKeyEnv)!.Trim()));
            }

            var endpoint = PaidEndpoint.For(members[0].Settings.BaseUrl, simulator is not null);
            return await RunEngineAsync(request, pipeline, run, plan, spool, members, keyVariable, endpoint, ledgerPath, progress, stop, abort).ConfigureAwait(false);
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<RunResult> RunEngineAsync(
        RunRequest request,
        PipelineSpec pipeline,
        RunContext run,
        PlanReport plan,
        JobSpool spool,
        IReadOnlyList<RouteMember> members,
        string keyVariable,
        PaidEndpoint endpoint,
        string ledgerPath,
        IProgress<RunProgress>? progress,
        CancellationToken stop,
        CancellationToken abort)
    {
        var settings = members[0].Settings;
        var expander = new JobExpander(pipeline, run);
        var prices = expander.Prices;
        var outputs = expander.OutputDirectory;
        var shard = request.Shard;
        using var logger = RunLogging.Create(outputs, run.RunId, verbose, logConsole ?? Console.Error);

        // Debug: the failure a warning comes with ("corrupt") is already the job's recorded reason.
        using var vipsWarnings = Vips.RouteWarnings(message => logger.Debug("libvips: {Message}", message));
        // Each provider with its own adapter (key, base URL, timeouts); disposed with the run.
        var providers = new List<IImageProvider>();
        using var disposeProviders = new DisposeAll(providers);
        try
        {
            providers.AddRange(members.Select(m => ProviderFactory.Create(m.Dialect, m.Settings, m.ApiKey, time, new SerilogProviderLog(logger), prices)));
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"{ManifestLoader.DisplayPath(pipeline.ManifestPath)}: error: {e.Message}").ConfigureAwait(false);
            return new RunResult(ExitCodes.InvalidInput, null, outputs);
        }

        var budgetOptions = new BudgetOptions
        {
            MaxCostUsd = request.MaxCostUsd ?? pipeline.Budget.MaxCostUsd,
            MaxImages = pipeline.Budget.MaxImages is { } images ? (int)Math.Min(images, int.MaxValue) : null,
        };
        var throttle = ThrottleOptions.For(settings, request.MaxRateLimitPause);

        if (shard is { Count: > 1 } split && pipeline.Coordination is null)
        {
            // Without a shared limiter each of N workers takes 1/N of every limit and of the budget (docs/sharding.md).
            (budgetOptions, throttle) = ShardedFolder.Split(budgetOptions, throttle, split.Count);
            await output.WriteLineAsync(ShardedFolder.DescribeSplit(split, budgetOptions, throttle)).ConfigureAwait(false);
        }

        RedisCoordinator? coordinator = null;
        if (pipeline.Coordination is { } coordination)
        {
            var shardName = shard?.Name ?? new ShardSpec(0, 1).Name;
            (coordinator, var redisError) = await RedisCoordinator.ConnectAsync(coordination, pipeline.Name, shardName, time).ConfigureAwait(false);
            if (coordinator is null)
            {
                await error.WriteLineAsync($"{ManifestLoader.DisplayPath(pipeline.ManifestPath)}: error: {redisError}; nothing was submitted").ConfigureAwait(false);
                return new RunResult(ExitCodes.InvalidInput, null, outputs);
            }
        }

        await using var coordinated = coordinator;
        if (coordinator is not null)
        {
            await coordinator.AcquireLeaseAsync(line => output.WriteLine(line), abort).ConfigureAwait(false);
        }

        // Never log the settings whole: they are harmless today, but a logged object is one field away from a key.
        logger.Information("Run {RunId} of {Manifest}: {Jobs} jobs on {Provider} at {BaseUrl}, concurrency {Concurrency}, budget {MaxCostUsd}",
            run.RunId, pipeline.ManifestPath, plan.Jobs, pipeline.ProviderName, settings.BaseUrl, settings.Concurrency, budgetOptions.MaxCostUsd);
        using (var store = StateStore.Open(StoreLocations.StatePath(outputs, shard), time, endpoint))
        using (var ledger = PipelineLedger.Open(ledgerPath, time, shard))
        using (var throttles = new ProviderThrottles(
            ThrottlesOf(throttle, members),
            throttle,
            time,
            coordinator is null ? null : d => (quantity, perMinute, largest) =>
            {
                var member = members.FirstOrDefault(m => m.Dialect == d) ?? members[0];
                return coordinator.CreateLimiter(d.ToName(), member.Settings.BaseUrl ?? d.ToName(), member.ApiKey, quantity, perMinute, largest);
            }))
        using (var http = new HttpClient())
        using (var processor = new ImageProcessor())
        {
            RedisBudget? shared = null;
            if (coordinator is not null)
            {
                shared = coordinator.CreateBudget(budgetOptions);
                using var reader = store.OpenReader();
                var (settled, released, kept) = await shared.ReconcileAsync(reader, abort).ConfigureAwait(false);
                if (settled + released + kept > 0)
                {
                    logger.Information("Shared budget: {Settled} hold(s) of an earlier worker settled, {Released} released, {Kept} kept for resumed tasks", settled, released, kept);
                }
            }

            var budget = new BudgetGate(budgetOptions, shared: shared);
            var reports = StoreLocations.ReportsDirectory(outputs, shard);
            Directory.CreateDirectory(reports);
            var services = new RunServices
            {
                Store = store,
                Provider = providers[0],
                Routes = pipeline.Route is { } route
                    ? new ProviderRoutes(
                        [
                            .. members.Zip(providers).Select(p => new RouteProvider(p.First.Name, p.First.Dialect, p.Second)
                            {
                                Endpoint = PaidEndpoint.For(p.First.Settings.BaseUrl, endpoint.Simulated).Endpoint,
                            }),
                        ],
                        route.Mode,
                        new RouteRequests(pipeline).For,
                        (d, m) => prices.Find(d, m)?.UsdPerImage,
                        time)
                    : null,
                PostProcessor = new ImagingPostProcessor(processor, pipeline.Outputs.Variants, pipeline.Outputs.WatermarkMargin, pipeline.Outputs.Provenance),
                Downloader = new ImageDownloader(http, new DownloadOptions(), time),
                Budget = budget,
                Throttles = throttles,
                Reports = new RunReportWriter(reports, store, ToolInfo.Version, time) { CsvByteOrderMark = request.CsvBom || pipeline.Outputs.CsvBom },
                Progress = progress,
                Time = time,
                Ledger = ledger,
                OutputsDirectory = outputs,
                OnRouteNotice = line => logger.Warning("Route: {Notice}", line),
                OnJobFailed = e => logger.Information(
                    "Job failed: {OutputName}: {Kind} {Code}: {Message} (job {JobKey})", e.OutputName, e.Failure.Kind.Name, e.Failure.Code, e.Failure.Message, e.JobKey),
            };
            var options = new RunOptions
            {
                RunId = run.RunId,
                ManifestPath = pipeline.ManifestPath,
                ManifestSha256 = pipeline.ManifestSha256,
                ToolVersion = ToolInfo.Version,
                RetryAttempts = pipeline.Retry.Attempts,
                RetryBaseDelay = request.RetryBaseDelay,
                RetryMaxDelay = request.MaxRateLimitPause > request.RetryBaseDelay ? request.MaxRateLimitPause : request.RetryBaseDelay,
                Force = request.Force,
                RetryFailed = request.RetryFailed,
                Verify = request.Verify,
                RetryUnknown = request.RetryUnknown,
                ProviderName = pipeline.ProviderName,
                ApiKeyEnv = endpoint.Simulated ? null : keyVariable,
                ExpectedJobCount = shard is { } part ? (plan.Jobs + part.Count - 1) / part.Count : plan.Jobs,
                Regenerate = request.Redo is { } redoItems ? redoItems.Keys.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
            };

            var jobs = spool.Read();
            if (request.Redo is { } redo)
            {
                // Under the run lock and before anything is paid: the current versions become history.
                await RedoArchive.ArchiveAsync(store, outputs, redo.Values, abort).ConfigureAwait(false);
                logger.Information("Redo: {Count} items kept as history and generated again", redo.Count);
                jobs = jobs.Select(j => redo[j.Key].Apply(j));
            }

            // After --limit: the shards of "the first N jobs" together are exactly those N jobs.
            if (shard is { } mine)
            {
                jobs = jobs.Where(j => mine.Contains(j.Key));
            }

            // This folder's jobs findable from every other folder of the pipeline (folders made before the ledger too);
            // then, before anything is paid, what will be.
            ledger.AdoptFolder(outputs);
            if (!request.Force)
            {
                var work = await PaidWorkSurvey.SurveyAsync(jobs, outputs, ledgerPath, endpoint.Simulated, time, abort, shard).ConfigureAwait(false);
                var line = PaidWorkSurvey.Describe(work, pipeline.ProviderName);
                logger.Information("Before paying: {PaidWork}", line);
                await output.WriteLineAsync(char.ToUpperInvariant(line[0]) + line[1..] + ".").ConfigureAwait(false);
            }

            var outcome = await new RunEngine(services, options).RunAsync(jobs, stop, abort).ConfigureAwait(false);
            if (outcome.FatalError is { } fatal)
            {
                logger.ForContext(RunLogging.PrintedSeparately, true).Error("{Fatal}", fatal);
                await error.WriteLineAsync($"error: {fatal}").ConfigureAwait(false);
            }

            if (budget.OverrunUsd > 0)
            {
                // The budget holds only while the price table is an upper bound of the bills; say so when it was not.
                logger.Warning("The provider billed ${Overrun} more than the price table estimated; check pricing overrides (plan shows the prices used)", budget.OverrunUsd);
            }

            // A shard worker's records are not the folder's store the gallery reads (docs/sharding.md).
            if (pipeline.Outputs.Gallery && shard is null)
            {
                try
                {
                    await Review.GalleryWriter.WriteAsync(outputs, Path.Combine(outputs, Review.GalleryWriter.DefaultFileName), CancellationToken.None).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // The run's files and records are complete; a gallery that could not be written is not a failed run.
                    logger.Warning("Could not write the gallery: {Message}", e.Message);
                }
            }

            (int Requests, decimal UpToUsd) possiblyBilled;
            using (var reader = store.OpenReader())
            {
                possiblyBilled = await reader.GetPossiblyBilledAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var summary = RunSummary.Format(outcome, budget.Snapshot(), outputs, possiblyBilled, endpoint.Simulated, reports);
            logger.Information("{Summary}", summary);
            await output.WriteLineAsync(summary).ConfigureAwait(false);
            return new RunResult(ExitCodes.Of(outcome.Status), outcome, outputs) { RunId = run.RunId, SummaryLine = summary };
        }
    }

    private bool TryChooseProvider(PipelineSpec manifest, string? requested, out PipelineSpec pipeline, out bool useSimulator)
    {
        pipeline = manifest;
        useSimulator = manifest.UsesSimulator || requested == ProviderDialectNames.Simulator;
        if (requested is null || requested == ProviderDialectNames.Simulator || requested == manifest.ProviderName)
        {
            return true;
        }

        if (!ProviderDialectNames.TryParse(requested, out var dialect))
        {
            error.WriteLine($"seedream-batch run: --provider '{requested}' is not one of {string.Join(", ", ProviderDialectNames.All)}");
            return false;
        }

        // Another dialect changes model ids and capabilities: the plan below re-checks every job against it. One provider
        // named on the command line replaces a route (its jobs have other keys: see docs/providers.md, Failover).
        pipeline = manifest with { ProviderName = requested, Dialect = dialect, Route = null };
        return true;
    }

    private async Task<SimulatorHost?> StartSimulatorAsync(string? faultsPath, CancellationToken cancellationToken)
    {
        // The run fetches each picture once, seconds after its answer: the cache only serves a refetch, so it stays small.
        var options = new SimulatorOptions { Host = "127.0.0.1", Port = 0, ImageCacheBytes = 32L * 1024 * 1024 };
        if (faultsPath is not null)
        {
            try
            {
                SimProfileLoader.Apply(faultsPath, options);
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"seedream-batch run: --sim-faults {faultsPath}: {e.Message}").ConfigureAwait(false);
                return null;
            }
        }

        // The run talks to it on loopback: whatever key the profile lists, ours must be accepted.
        if (!options.ApiKeys.Contains(SimulatorOptions.DefaultApiKey))
        {
            options.ApiKeys.Insert(0, SimulatorOptions.DefaultApiKey);
        }

        return await SimulatorHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The key variables of a route's providers that are unset while another provider's key is set (all unset: the simulator stands in).</summary>
    private static List<string> MissingRouteKeys(PipelineSpec pipeline, RouteSpec route, RunRequest request, string? firstKey)
    {
        var variables = RouteKeyVariables(pipeline, route);
        var unset = variables.Where(v => string.IsNullOrEmpty(request.Environment(v)?.Trim())).Distinct(StringComparer.Ordinal).ToList();
        return unset.Count == variables.Distinct(StringComparer.Ordinal).Count() && string.IsNullOrEmpty(firstKey) ? [] : unset;
    }

    /// <summary>The key variable of each provider of the route, in its order.</summary>
    private static List<string> RouteKeyVariables(PipelineSpec pipeline, RouteSpec route) =>
        [.. route.Providers.Zip(route.Dialects).Select(p => pipeline.Providers.GetValueOrDefault(p.First)?.Value.ApiKeyEnv ?? ProviderSettings.DefaultsFor(p.Second).ApiKeyEnv)];

    /// <summary>Each provider's own throttle: its concurrency and per-minute limits (the first's as the run set it up).</summary>
    private static Dictionary<ProviderDialect, ThrottleOptions> ThrottlesOf(ThrottleOptions first, IReadOnlyList<RouteMember> members) =>
        members.ToDictionary(m => m.Dialect, m => m == members[0] ? first : ThrottleOptions.For(m.Settings, first.MaxRateLimitPause));

    /// <summary>A provider of the run (of its route, in order, or the only one), as the run talks to it.</summary>
    private sealed record RouteMember(string Name, ProviderDialect Dialect, ProviderSettings Settings, string ApiKey);

    /// <summary>Disposes every provider in the list (filled after it is made) at the end of the run.</summary>
    private sealed class DisposeAll(List<IImageProvider> providers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var provider in providers)
            {
                provider.Dispose();
            }
        }
    }
}
