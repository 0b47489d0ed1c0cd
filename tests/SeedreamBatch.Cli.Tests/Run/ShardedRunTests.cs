using System.Diagnostics;
using System.Globalization;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Simulator;
using SeedreamBatch.Simulator.Ledger;
using Xunit.Abstractions;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>
/// Issue 17: four worker processes of the real CLI (shards 0..3) against one simulator over loopback and one real
/// redis-server. Few and short on purpose: each test is a handful of seconds.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ShardedRunTests(ITestOutputHelper log)
{
    private const int Jobs = 60;

    // 240 images a minute: 4 a second after a tolerance of two 15-image requests (SlidingWindowPacer's policy).
    private const int ImagesPerMinute = 240;
    private const int Tolerance = 30;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task FourWorkers_SharedRedis_EveryJobOnceWithinRate_KilledWorkerRestartedPaysNothingTwice_MergeMatchesSingleRun()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var f = await RunFixture.StartAsync(o =>
            o.Faults.RequestLatency = LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)));

        // The reference: one process, no limits, another folder; then the ledger starts afresh for the workers.
        var single = WriteManifest(f, "single", "out-single", coordination: null, imagesPerMinute: null, maxCostUsd: null);
        Assert.Equal(ExitCodes.Success, await RunToEndAsync(f, single, shard: null));
        f.Simulator.Ledger.Clear();

        var manifest = WriteManifest(f, "sharded", "out", Coordination(redis), ImagesPerMinute, maxCostUsd: 100m);
        var workers = Enumerable.Range(0, 4).Select(i => Start(f, manifest, $"{i}/4")).ToList();

        // SIGKILL shard 1 once the run is well under way (at the 20th charge, inside it), with requests in flight.
        var killed = false;
        var twentieth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void KillShardOne(LedgerCharge charge)
        {
            if (f.Simulator.Ledger.Charges.Count >= 20 && twentieth.TrySetResult())
            {
                killed = !workers[1].HasExited;
                workers[1].Kill(entireProcessTree: true);
            }
        }

        f.Simulator.Ledger.Charged += KillShardOne;
        try
        {
            await Task.WhenAny(twentieth.Task, workers[1].WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            f.Simulator.Ledger.Charged -= KillShardOne;
        }

        workers[1].Kill(entireProcessTree: true);
        foreach (var worker in workers)
        {
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }

        Assert.True(killed, "shard 1 finished before it could be killed");
        Assert.All(new[] { 0, 2, 3 }, i => Assert.Equal(ExitCodes.Success, workers[i].ExitCode));

        // The restart waits out the dead worker's lease (2 s), reconciles its holds and finishes the shard.
        var restart = await RunToEndAsync(f, manifest, "1/4");
        var outDir = Path.Combine(f.Root, "out");
        var unknown = StoreQueries.UnknownOutcomeJobs(Engine.State.StoreLocations.StatePath(outDir, new Core.Sharding.ShardSpec(1, 4)));
        Assert.True(restart == ExitCodes.Success || (restart == ExitCodes.SomeJobsFailed && unknown.Count > 0), $"restart exited {restart}");
        workers.ForEach(w => w.Dispose());

        // Each job charged once at most, never twice; only the killed worker's in-flight jobs may be uncharged-or-unknown.
        var charges = f.Simulator.Ledger.Charges.GroupBy(c => c.Job!).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(charges, c => Assert.Equal(1, c.Value));
        Assert.InRange(Jobs - charges.Count, 0, unknown.Count);

        // Rate: no 60 s window over the limit, and — the run lasts seconds — no window of w seconds over the limit's pace.
        var times = f.Simulator.Ledger.Charges.Select(c => c.At).Order().ToList();
        for (var i = 0; i < times.Count; i++)
        {
            Assert.True(times.Skip(i).TakeWhile(t => t < times[i] + TimeSpan.FromMinutes(1)).Count() <= ImagesPerMinute);
            for (var w = 1; w <= 10; w++)
            {
                var inWindow = times.Skip(i).TakeWhile(t => t < times[i] + TimeSpan.FromSeconds(w)).Count();
                var allowed = Tolerance + (ImagesPerMinute * w / 60) + 2; // + 2: admission-to-charge jitter of the simulator
                Assert.True(inWindow <= allowed, $"{inWindow} images in {w} s from {times[i]:HH:mm:ss.fff} (allowed {allowed})");
            }
        }

        // merge: every made job exactly once (manifest.csv lists current outputs: the jobs the kill left unknown stay in
        // the shard's store); rows identical to the single run's except those.
        Assert.Equal(ExitCodes.Success, CliRun.Invoke("merge", outDir).ExitCode);
        var merged = ReadRows(Path.Combine(outDir, "manifest.csv"));
        var reference = ReadRows(Path.Combine(f.Root, "out-single", "manifest.csv"));
        Assert.Equal(Jobs - unknown.Count, merged.Select(r => r.JobKey).Distinct().Count());
        Assert.Equal(reference.Select(r => r.JobKey).Where(k => !unknown.Contains(k)).ToHashSet(), merged.Select(r => r.JobKey).ToHashSet());
        // By rows: job, status, file and error (the simulator draws a job's picture anew on each call, so bytes differ
        // between the two runs; each merged row's hash is checked against its file instead).
        Assert.Equal(
            reference.Where(r => !unknown.Contains(r.JobKey)).Select(r => (r.JobKey, r.Status, r.Path, r.ErrorKind)).ToList(),
            merged.Where(r => !unknown.Contains(r.JobKey)).Select(r => (r.JobKey, r.Status, r.Path, r.ErrorKind)).ToList());
        Assert.All(merged.Where(r => r.Path.Length > 0), r => Assert.Equal(r.Sha256, Sha256(Path.Combine(outDir, r.Path))));
        log.WriteLine($"charges {charges.Count}, unknown after kill {unknown.Count}, span {(times[^1] - times[0]).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task FourWorkers_SharedBudget_NeverExceededInTotalAndEveryWorkerStops()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var f = await RunFixture.StartAsync(o =>
            o.Faults.RequestLatency = LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(60)));
        const decimal Budget = 0.50m; // 16 images at $0.03 (seedream-3.0-t2i)
        var manifest = WriteManifest(f, "budget", "out", Coordination(redis), imagesPerMinute: null, Budget);

        var workers = Enumerable.Range(0, 4).Select(i => Start(f, manifest, $"{i}/4")).ToList();
        foreach (var worker in workers)
        {
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        // Never over in total; and the stop is global: every worker still submitting when it came stops with exit 3
        // (one that got through all its 15 jobs before the limit exits 0).
        Assert.InRange(f.Simulator.Ledger.TotalUsd, Budget - (0.03m * 4), Budget);
        Assert.All(workers, w => Assert.Contains(w.ExitCode, new[] { ExitCodes.Success, ExitCodes.BudgetReached }));
        Assert.True(workers.Count(w => w.ExitCode == ExitCodes.BudgetReached) >= 2, "the stop reached fewer than two workers");
        Assert.All(f.Simulator.Ledger.Charges.GroupBy(c => c.Job), g => Assert.Single(g));
        workers.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task FourWorkers_NoRedis_SplitLimitsSameUnionNoDoubleCharge()
    {
        await using var f = await RunFixture.StartAsync();
        var manifest = WriteManifest(f, "split", "out", coordination: null, imagesPerMinute: 6000, maxCostUsd: 100m, rows: 24);

        var workers = Enumerable.Range(0, 4).Select(i => Start(f, manifest, $"{i}/4")).ToList();
        foreach (var worker in workers)
        {
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.All(workers, w => Assert.Equal(ExitCodes.Success, w.ExitCode));
        Assert.Contains("without coordination: 1/4 of the limits — 1500 images/min, budget $25", workers[0].StandardOutput.ReadToEnd(), StringComparison.Ordinal);
        var charges = f.Simulator.Ledger.Charges.GroupBy(c => c.Job!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(24, charges.Count);
        Assert.All(charges, c => Assert.Equal(1, c.Value));
        var outDir = Path.Combine(f.Root, "out");
        Assert.Equal(ExitCodes.Success, CliRun.Invoke("merge", outDir).ExitCode);
        Assert.Equal(charges.Keys.ToHashSet(), ReadRows(Path.Combine(outDir, "manifest.csv")).Select(r => r.JobKey).ToHashSet());

        // The merged summary adds the parts up; its throughput spans the wall clock, at least the longest shard's.
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal((24, 24, 4), (root.GetProperty("jobs").GetProperty("done").GetInt32(), root.GetProperty("throughput").GetProperty("images").GetInt32(), root.GetProperty("shards").GetInt32()));
        var longest = Enumerable.Range(0, 4).Max(i => System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "shards", $"shard-{i}-of-4", "summary.json")))
            .RootElement.GetProperty("throughput").GetProperty("seconds").GetDecimal());
        Assert.InRange(root.GetProperty("throughput").GetProperty("seconds").GetDecimal(), longest, longest + 60);
        Assert.Equal(24 * 0.03m, root.GetProperty("budget").GetProperty("spentUsd").GetDecimal());

        // The merged gallery shows every shard's jobs (a worker writes none).
        var gallery = File.ReadAllText(Path.Combine(outDir, "gallery.html"));
        Assert.All(charges.Keys, key => Assert.Contains($"\"key\":\"{key}\"", gallery, StringComparison.Ordinal));
        workers.ForEach(w => w.Dispose());
    }

    [Fact]
    public async Task Run_RedisUnreachable_ExitTwoBeforeAnyPaidCall()
    {
        await using var f = await RunFixture.StartAsync();
        var manifest = WriteManifest(f, "down", "out", "coordination: { redis: \"redis://127.0.0.1:1\" }", imagesPerMinute: null, maxCostUsd: null);

        var result = await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = manifest, Shard = new SeedreamBatch.Core.Sharding.ShardSpec(0, 2) });

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("error: coordination.redis redis://127.0.0.1:1: cannot connect (", f.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("nothing was submitted", f.Error.ToString(), StringComparison.Ordinal);
        Assert.Empty(f.Simulator.Ledger.Charges);
    }

    [Fact]
    public async Task Merge_ShardsOfTwoManifests_ExitTwoWithOneLine()
    {
        await using var f = await RunFixture.StartAsync();
        var first = WriteManifest(f, "a", "out", coordination: null, imagesPerMinute: null, maxCostUsd: null, rows: 8);
        var second = WriteManifest(f, "b", "out", coordination: null, imagesPerMinute: null, maxCostUsd: null, rows: 8, prompt: "a drawing of");
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = first, Shard = new(0, 2) })).ExitCode);
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = second, Shard = new(1, 2) })).ExitCode);

        var (code, _, error) = CliRun.Invoke("merge", Path.Combine(f.Root, "out"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("mismatched pipelines: shard-1-of-2 last ran", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(f.Root, "out", "manifest.csv")));
    }

    [Fact]
    public async Task Merge_TwoShards_GalleryHasEveryJobInManifestOrderWithSummedCounts()
    {
        await using var f = await RunFixture.StartAsync();
        var manifest = WriteManifest(f, "g", "out", coordination: null, imagesPerMinute: null, maxCostUsd: null, rows: 8);
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = manifest, Shard = new(0, 2) })).ExitCode);
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = manifest, Shard = new(1, 2) })).ExitCode);
        var outDir = Path.Combine(f.Root, "out");
        Assert.False(File.Exists(Path.Combine(outDir, "gallery.html")));

        var (code, stdout, _) = CliRun.Invoke("merge", outDir);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("summary.json and gallery.html.", stdout, StringComparison.Ordinal);
        var data = GalleryData(Path.Combine(outDir, "gallery.html"));
        var items = data.GetProperty("items").EnumerateArray().Select(i => (Key: i.GetProperty("key").GetString()!, Ordinal: i.GetProperty("ordinal").GetInt64(), Item: i.GetProperty("vars").GetProperty("item").GetString()!)).ToList();
        Assert.Equal(ReadRows(Path.Combine(outDir, "manifest.csv")).Select(r => r.JobKey).Distinct().ToList(), items.Select(i => i.Key).ToList());
        Assert.Equal(items.OrderBy(i => i.Ordinal).Select(i => i.Key), items.Select(i => i.Key));
        Assert.Equal(8, items.Count);
        Assert.Equal((8, 8), (data.GetProperty("meta").GetProperty("counts").GetProperty("total").GetInt32(), data.GetProperty("meta").GetProperty("counts").GetProperty("done").GetInt32()));
        Assert.Equal(
            Enumerable.Range(0, 8).Select(i => $"item {i}").Order(StringComparer.Ordinal),
            data.GetProperty("meta").GetProperty("variables").GetProperty("item").EnumerateArray().Select(v => v.GetString()!));
        Assert.Equal(8, items.Select(i => i.Item).Distinct().Count());
    }

    [Fact]
    public async Task Merge_ManifestSaysGalleryFalse_WritesNoGallery()
    {
        await using var f = await RunFixture.StartAsync();
        var manifest = WriteManifest(f, "ng", "out", coordination: null, imagesPerMinute: null, maxCostUsd: null, rows: 4);
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("outputs:\n", "outputs:\n  gallery: false\n", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = manifest, Shard = new(0, 2) })).ExitCode);
        Assert.Equal(ExitCodes.Success, (await f.RunAsync(new SeedreamBatch.Cli.Run.RunRequest { ManifestPath = manifest, Shard = new(1, 2) })).ExitCode);

        var (code, stdout, _) = CliRun.Invoke("merge", Path.Combine(f.Root, "out"));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("manifest.json and summary.json.", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(f.Root, "out", "manifest.csv")));
        Assert.False(File.Exists(Path.Combine(f.Root, "out", "gallery.html")));
    }

    /// <summary>The JSON the gallery embeds: the page minus the template around its data placeholder.</summary>
    private static System.Text.Json.JsonElement GalleryData(string galleryPath)
    {
        var html = File.ReadAllText(galleryPath);
        var (before, after) = SeedreamBatch.Cli.Review.ReviewPage.Split();
        Assert.True(html.StartsWith(before, StringComparison.Ordinal) && html.EndsWith(after, StringComparison.Ordinal), "not the review page");
        using var document = System.Text.Json.JsonDocument.Parse(html[before.Length..^after.Length]);
        return document.RootElement.Clone();
    }

    private static string Coordination(RedisServer redis) =>
        $"coordination: {{ redis: \"{redis.Uri}\", key_prefix: \"t{Guid.NewGuid():N}\", lease_seconds: 2 }}";

    private static string WriteManifest(
        RunFixture f, string name, string outputs, string? coordination, int? imagesPerMinute, decimal? maxCostUsd, int rows = Jobs, string prompt = "a studio photo of")
    {
        var c = CultureInfo.InvariantCulture;
        var lines = string.Join("\n", Enumerable.Range(0, rows).Select(i => $"    - {{ item: \"item {i}\" }}"));
        var ipm = imagesPerMinute is { } l ? string.Create(c, $", images_per_minute: {l}") : "";
        var budget = maxCostUsd is { } max ? string.Create(c, $"budget: {{ max_cost_usd: {max} }}\n") : "";
        var path = Path.Combine(f.Root, name + ".yaml");
        File.WriteAllText(path, string.Create(c, $"""
            version: 1
            name: sharded-test
            provider: ark
            providers:
              ark: {"{"} base_url: "{f.Simulator.BaseUri.AbsoluteUri.TrimEnd('/')}", api_key_env: {RunFixture.KeyVariable}, concurrency: 4{ipm} {"}"}
            rows:
              inline:
            {lines}
            prompt:
              inline: "{prompt} {"{{"} item {"}}"}"
            models: [seedream-3.0-t2i]
            sizes: [512x512]
            outputs:
              dir: {outputs}
              name: "{"{{"} item | slug {"}}"}"
              variants:
                original: {"{"} format: keep {"}"}
                web: {"{"} width: 256, format: webp, quality: 70 {"}"}
            {budget}{coordination}

            """));
        return path;
    }

    private static async Task<int> RunToEndAsync(RunFixture f, string manifest, string? shard)
    {
        using var child = Start(f, manifest, shard);
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return child.ExitCode;
    }

    private static Process Start(RunFixture f, string manifest, string? shard)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "seedream-batch.dll"));
        info.ArgumentList.Add("run");
        info.ArgumentList.Add(manifest);
        info.ArgumentList.Add("--no-color");
        if (shard is not null)
        {
            info.ArgumentList.Add("--shard");
            info.ArgumentList.Add(shard);
        }

        info.Environment[RunFixture.KeyVariable] = f.Simulator.ApiKey;
        var process = Process.Start(info)!;

        // stderr drained so a full pipe never blocks the child; stdout is small and read at the end.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private static List<(string JobKey, string Status, string Path, string Sha256, string ErrorKind)> ReadRows(string manifestCsv)
    {
        var csv = ManifestCsv.Read(manifestCsv);
        return [.. csv.Rows.Select(r => (csv.Get(r, "jobKey"), csv.Get(r, "status"), csv.Get(r, "path"), csv.Get(r, "sha256"), csv.Get(r, "errorKind")))];
    }
}
