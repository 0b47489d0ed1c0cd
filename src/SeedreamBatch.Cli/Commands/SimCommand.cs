using System.CommandLine;
using SeedreamBatch.Simulator;
using SeedreamBatch.Simulator.Profiles;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>seedream-batch sim</c>: the Seedream simulator as a standalone server.</summary>
internal static class SimCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port to listen on (0 = any free port).", DefaultValueFactory = _ => 8787 };
        var host = new Option<string>("--host") { Description = "Address to bind: 127.0.0.1 (default), 0.0.0.0 or * for all interfaces.", DefaultValueFactory = _ => "127.0.0.1" };
        var profile = new Option<FileInfo?>("--profile") { Description = "YAML profile with keys, latency, limits and faults (see docs/simulator.md); flags override it." };
        var apiKey = new Option<string[]>("--api-key") { Description = $"Accepted bearer key; repeat for several (default: {SimulatorOptions.DefaultApiKey}). '*' accepts any key.", AllowMultipleArgumentsPerToken = false };
        var latency = new Option<string?>("--latency") { Description = "Per-request latency: 0 | fixed:200ms | uniform:100ms..2s | lognormal:800ms,0.5 (median, sigma)." };
        var perImage = new Option<string?>("--per-image-latency") { Description = "Extra latency per generated image (same forms as --latency)." };
        var rateLimited = new Option<double?>("--rate-limited-rate") { Description = "Probability 0..1 of the dialect's 429 with Retry-After, whatever the rate limits (the account's share spent elsewhere)." };
        var rateLimitedRetryAfter = new Option<string?>("--rate-limited-retry-after") { Description = "Retry-After of those 429s (default 1s; whole seconds, rounded up; 0 sends none)." };
        var error500 = new Option<double?>("--error-rate") { Description = "Probability 0..1 of a 500 in the dialect's internal-error body." };
        var error502 = new Option<double?>("--error-502-rate") { Description = "Probability 0..1 of a 502." };
        var error503 = new Option<double?>("--error-503-rate") { Description = "Probability 0..1 of a 503 with Retry-After." };
        var reset = new Option<double?>("--reset-rate") { Description = "Probability 0..1 that the connection is dropped without a response." };
        var hang = new Option<double?>("--hang-rate") { Description = "Probability 0..1 that a request hangs (see --hang-duration) and is then dropped." };
        var hangDuration = new Option<string?>("--hang-duration") { Description = "How long a hung request hangs (default 10m)." };
        var resetAfterCharge = new Option<double?>("--reset-after-charge-rate") { Description = "Probability 0..1 that a paid request is charged, then dropped without an answer (Ark, OpenAI, Ace Data)." };
        var hangAfterCharge = new Option<double?>("--hang-after-charge-rate") { Description = "Probability 0..1 that a paid request is charged, then hangs (see --hang-duration) and is dropped." };
        var streamDrop = new Option<double?>("--stream-drop-rate") { Description = "Probability 0..1 that an Ark SSE stream is cut after --stream-drop-after-events events (still fully billed)." };
        var streamDropAfter = new Option<int?>("--stream-drop-after-events") { Description = "Events written before a dropped Ark stream is cut (default 1)." };
        var partial = new Option<double?>("--partial-failure-rate") { Description = "Probability 0..1 that each image of a request fails on its own (not billed)." };
        var rpm = new Option<int?>("--rate-limit-rpm") { Description = "Requests per minute per key before the dialect's 429 + Retry-After (0 = unlimited)." };
        var ipm = new Option<int?>("--rate-limit-ipm") { Description = "Images per minute per key before the dialect's 429 + Retry-After (0 = unlimited)." };
        var marker = new Option<string?>("--content-marker") { Description = "Prompt word that triggers the sensitive-content error (default sim-blocked; in an image URL: the input-image variant)." };
        var outputMarker = new Option<string?>("--output-content-marker") { Description = "Prompt word that makes the first output image fail the output check (default sim-blocked-output)." };
        var ttl = new Option<string?>("--url-ttl") { Description = "Lifetime of /files result URLs (default 24h, as Ark); 403 after expiry." };
        var bps = new Option<long?>("--download-bytes-per-second") { Description = "Throttle /files downloads (0 = full speed)." };
        var truncate = new Option<double?>("--truncate-rate") { Description = "Probability 0..1 that a download stops halfway." };
        var corrupt = new Option<double?>("--corrupt-rate") { Description = "Probability 0..1 that a download serves damaged image bytes." };
        var seed = new Option<int?>("--seed") { Description = "Seed for every random decision (faults, latency, unseeded images) to replay a run." };
        var sinanCreate = new Option<string?>("--sinan-create-path") { Description = "Sinan create-task path (default /v1/images/tasks)." };
        var sinanTask = new Option<string?>("--sinan-task-path") { Description = "Sinan task path with {id} (default /v1/images/tasks/{id})." };
        var images = new Option<string?>("--images") { Description = "photo (default: photo-like pictures, ~0.75 CPU-s and ~1.4 MB at 2048²) or flat (one flat colour per picture, µs each: for fast tests)." };

        var cmd = new Command("sim",
            "Run the built-in Seedream simulator (dialects ark, acedata, openai, sinan, kie, fal, replicate) with deterministic images, " +
            "faults and a billing ledger (GET /_sim/ledger, /_sim/stats). Send 'X-Seedream-Job: <key>' to tag charges.");
        foreach (var o in new Option[] { port, host, profile, apiKey, latency, perImage, rateLimited, rateLimitedRetryAfter, error500, error502, error503, reset, hang, hangDuration, resetAfterCharge, hangAfterCharge, streamDrop, streamDropAfter, partial, rpm, ipm, marker, outputMarker, ttl, bps, truncate, corrupt, seed, sinanCreate, sinanTask, images })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var options = new SimulatorOptions { Port = pr.GetValue(port), Host = pr.GetValue(host)! };
            try
            {
                if (pr.GetValue(profile) is { } file)
                {
                    SimProfileLoader.Apply(file.FullName, options);
                }

                var f = options.Faults;
                if (pr.GetValue(apiKey) is { Length: > 0 } keys)
                {
                    options.ApiKeys.Clear();
                    foreach (var k in keys.Where(k => k != "*"))
                    {
                        options.ApiKeys.Add(k);
                    }
                }

                f.RequestLatency = pr.GetValue(latency) is { } l ? LatencyDistribution.Parse(l) : f.RequestLatency;
                f.PerImageLatency = pr.GetValue(perImage) is { } pl ? LatencyDistribution.Parse(pl) : f.PerImageLatency;
                f.RateLimitedRate = pr.GetValue(rateLimited) ?? f.RateLimitedRate;
                f.RateLimitedRetryAfter = pr.GetValue(rateLimitedRetryAfter) is { } ra ? SimDuration.Parse(ra) : f.RateLimitedRetryAfter;
                f.Error500Rate = pr.GetValue(error500) ?? f.Error500Rate;
                f.Error502Rate = pr.GetValue(error502) ?? f.Error502Rate;
                f.Error503Rate = pr.GetValue(error503) ?? f.Error503Rate;
                f.ResetRate = pr.GetValue(reset) ?? f.ResetRate;
                f.HangRate = pr.GetValue(hang) ?? f.HangRate;
                f.HangDuration = pr.GetValue(hangDuration) is { } hd ? SimDuration.Parse(hd) : f.HangDuration;
                f.ResetAfterChargeRate = pr.GetValue(resetAfterCharge) ?? f.ResetAfterChargeRate;
                f.HangAfterChargeRate = pr.GetValue(hangAfterCharge) ?? f.HangAfterChargeRate;
                f.StreamDropRate = pr.GetValue(streamDrop) ?? f.StreamDropRate;
                f.StreamDropAfterEvents = pr.GetValue(streamDropAfter) ?? f.StreamDropAfterEvents;
                f.PartialFailureRate = pr.GetValue(partial) ?? f.PartialFailureRate;
                f.RequestsPerMinute = pr.GetValue(rpm) ?? f.RequestsPerMinute;
                f.ImagesPerMinute = pr.GetValue(ipm) ?? f.ImagesPerMinute;
                f.ContentMarker = pr.GetValue(marker) ?? f.ContentMarker;
                f.OutputContentMarker = pr.GetValue(outputMarker) ?? f.OutputContentMarker;
                options.UrlTtl = pr.GetValue(ttl) is { } t ? SimDuration.Parse(t) : options.UrlTtl;
                f.DownloadBytesPerSecond = pr.GetValue(bps) ?? f.DownloadBytesPerSecond;
                f.TruncateDownloadRate = pr.GetValue(truncate) ?? f.TruncateDownloadRate;
                f.CorruptImageRate = pr.GetValue(corrupt) ?? f.CorruptImageRate;
                options.RandomSeed = pr.GetValue(seed) ?? options.RandomSeed;
                options.SinanCreatePath = pr.GetValue(sinanCreate) ?? options.SinanCreatePath;
                options.SinanTaskPath = pr.GetValue(sinanTask) ?? options.SinanTaskPath;
                options.ImageStyle = pr.GetValue(images) is { } style ? SimProfileLoader.ParseImageStyle(style) : options.ImageStyle;
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
