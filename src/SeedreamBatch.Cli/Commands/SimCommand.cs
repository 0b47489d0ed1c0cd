using System.CommandLine;
using SeedreamBatch.Simulator;
using SeedreamBatch.Simulator.Profiles;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>seedream-batch sim</c>: the Seedream simulator as a standalone server.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var cmd = new Command("sim",
            "Run the built-in Seedream simulator (dialects ark, acedata, openai, sinan, kie, fal, replicate) with deterministic images, " +
            "faults and a billing ledger (GET /_sim/ledger, /_sim/stats). Send 'X-Seedream-Job: <key>' to tag charges.");

        // Each setting in one place: its option, and what a value given does to the options (after --profile; flags win).
        var overrides = new List<Action<ParseResult, SimulatorOptions>>();
        Option<T> Add<T>(string name, string description, Action<SimulatorOptions, T>? apply = null)
        {
            var option = new Option<T>(name) { Description = description };
            cmd.Options.Add(option);
            if (apply is not null)
            {
                overrides.Add((pr, o) =>
                {
                    if (pr.GetResult(option) is not null)
                    {
                        apply(o, pr.GetValue(option)!);
                    }
                });
            }

            return option;
        }

        Option<string> Latency(string name, string description, Action<FaultSettings, LatencyDistribution> apply) =>
            Add<string>(name, description, (o, v) => apply(o.Faults, LatencyDistribution.Parse(v)));
        Option<string> Duration(string name, string description, Action<SimulatorOptions, TimeSpan> apply) =>
            Add<string>(name, description, (o, v) => apply(o, SimDuration.Parse(v)));
        Option<T> Fault<T>(string name, string description, Action<FaultSettings, T> apply) => Add<T>(name, description, (o, v) => apply(o.Faults, v));

        var port = Add<int>("--port", "Port to listen on (0 = any free port).");
        port.DefaultValueFactory = _ => 8787;
        var host = Add<string>("--host", "Address to bind: 127.0.0.1 (default), 0.0.0.0 or * for all interfaces.");
        host.DefaultValueFactory = _ => "127.0.0.1";
        var profile = Add<FileInfo?>("--profile", "YAML profile with keys, latency, limits and faults (see docs/simulator.md); flags override it.");
        var apiKey = Add<string[]>("--api-key", $"Accepted bearer key; repeat for several (default: {SimulatorOptions.DefaultApiKey}). '*' accepts any key.");
        apiKey.AllowMultipleArgumentsPerToken = false;
        Latency("--latency", "Per-request latency: 0 | fixed:200ms | uniform:100ms..2s | lognormal:800ms,0.5 (median, sigma).", (f, v) => f.RequestLatency = v);
        Latency("--per-image-latency", "Extra latency per generated image (same forms as --latency).", (f, v) => f.PerImageLatency = v);
        Fault<double>("--rate-limited-rate", "Probability 0..1 of the dialect's 429 with Retry-After, whatever the rate limits (the account's share spent elsewhere).", (f, v) => f.RateLimitedRate = v);
        Duration("--rate-limited-retry-after", "Retry-After of those 429s (default 1s; whole seconds, rounded up; 0 sends none).", (o, v) => o.Faults.RateLimitedRetryAfter = v);
        Fault<double>("--error-rate", "Probability 0..1 of a 500 in the dialect's internal-error body.", (f, v) => f.Error500Rate = v);
        Fault<double>("--error-502-rate", "Probability 0..1 of a 502.", (f, v) => f.Error502Rate = v);
        Fault<double>("--error-503-rate", "Probability 0..1 of a 503 with Retry-After.", (f, v) => f.Error503Rate = v);
        Fault<double>("--reset-rate", "Probability 0..1 that the connection is dropped without a response.", (f, v) => f.ResetRate = v);
        Fault<double>("--hang-rate", "Probability 0..1 that a request hangs (see --hang-duration) and is then dropped.", (f, v) => f.HangRate = v);
        Duration("--hang-duration", "How long a hung request hangs (default 10m).", (o, v) => o.Faults.HangDuration = v);
        Fault<double>("--reset-after-charge-rate", "Probability 0..1 that a paid request is charged, then dropped without an answer (Ark, OpenAI, Ace Data).", (f, v) => f.ResetAfterChargeRate = v);
        Fault<double>("--hang-after-charge-rate", "Probability 0..1 that a paid request is charged, then hangs (see --hang-duration) and is dropped.", (f, v) => f.HangAfterChargeRate = v);
        Fault<double>("--stream-drop-rate", "Probability 0..1 that an Ark SSE stream is cut after --stream-drop-after-events events (still fully billed).", (f, v) => f.StreamDropRate = v);
        Fault<int>("--stream-drop-after-events", "Events written before a dropped Ark stream is cut (default 1).", (f, v) => f.StreamDropAfterEvents = v);
        Fault<double>("--partial-failure-rate", "Probability 0..1 that each image of a request fails on its own (not billed).", (f, v) => f.PartialFailureRate = v);
        Fault<int>("--rate-limit-rpm", "Requests per minute per key before the dialect's 429 + Retry-After (0 = unlimited).", (f, v) => f.RequestsPerMinute = v);
        Fault<int>("--rate-limit-ipm", "Images per minute per key before the dialect's 429 + Retry-After (0 = unlimited).", (f, v) => f.ImagesPerMinute = v);
        Fault<string>("--content-marker", "Prompt word that triggers the sensitive-content error (default sim-blocked; in an image URL: the input-image variant).", (f, v) => f.ContentMarker = v);
        Fault<string>("--output-content-marker", "Prompt word that makes the first output image fail the output check (default sim-blocked-output).", (f, v) => f.OutputContentMarker = v);
        Duration("--url-ttl", "Lifetime of /files result URLs (default 24h, as Ark); 403 after expiry.", (o, v) => o.UrlTtl = v);
        Fault<long>("--download-bytes-per-second", "Throttle /files downloads (0 = full speed).", (f, v) => f.DownloadBytesPerSecond = v);
        Fault<double>("--truncate-rate", "Probability 0..1 that a download stops halfway.", (f, v) => f.TruncateDownloadRate = v);
        Fault<double>("--corrupt-rate", "Probability 0..1 that a download serves damaged image bytes.", (f, v) => f.CorruptImageRate = v);
        Add<int>("--seed", "Seed for every random decision (faults, latency, unseeded images) to replay a run.", (o, v) => o.RandomSeed = v);
        Add<string>("--sinan-create-path", "Sinan create-task path (default /v1/images/tasks).", (o, v) => o.SinanCreatePath = v);
        Add<string>("--sinan-task-path", "Sinan task path with {id} (default /v1/images/tasks/{id}).", (o, v) => o.SinanTaskPath = v);
        Add<string>("--images", "photo (default: photo-like pictures, ~0.75 CPU-s and ~1.4 MB at 2048²) or flat (cheap shapes, for fast tests).", (o, v) => o.ImageStyle = SimProfileLoader.ParseImageStyle(v));

        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var options = new SimulatorOptions { Port = pr.GetValue(port), Host = pr.GetValue(host)! };
            try
            {
                if (pr.GetValue(profile) is { } file)
                {
                    SimProfileLoader.Apply(file.FullName, options);
                }

                if (pr.GetValue(apiKey) is { Length: > 0 } keys)
                {
                    options.ApiKeys.Clear();
                    foreach (var k in keys.Where(k => k != "*"))
                    {
                        options.ApiKeys.Add(k);
                    }
                }

                foreach (var apply in overrides)
                {
                    apply(pr, options);
                }
            }
            catch (Exception e) when (e is FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"sim: {e.Message}");
                return 2;
            }

            var problems = options.Validate();
            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync("sim: " + string.Join("; ", problems));
                return 2;
            }

            SimulatorHost sim;
            try
            {
                sim = await SimulatorHost.StartAsync(options, ct);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"sim: cannot start on {options.Host}:{options.Port}: {e.Message}");
                return 2;
            }

            await using (sim)
            {
                var root = sim.BaseUri.ToString().TrimEnd('/');
                Console.WriteLine($"Seedream simulator on {root} (key {sim.ApiKey}): ark /api/v3/images/generations · acedata /seedream/images, /seedream/tasks · " +
                    $"openai /v1/images/generations, /v1/images/edits · sinan {options.SinanCreatePath} · kie /api/v1/images/generations, /api/v1/jobs/createTask · ledger /_sim/ledger. Ctrl+C stops.");
                // CliApp leaves Ctrl+C to the commands (run must finish in-flight work), so listen here too.
                using var signals = new Run.InterruptSignals(onFirst: () => { }, onSecond: () => { });
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, signals.Stop);
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: fall through to a clean stop.
                }
            }

            return 0;
        });
        return cmd;
    }
}
