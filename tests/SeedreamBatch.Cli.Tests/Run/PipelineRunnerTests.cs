using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Simulator;
using Xunit.Abstractions;

namespace SeedreamBatch.Cli.Tests.Run;

public sealed class PipelineRunnerTests(ITestOutputHelper log)
{
    [Fact]
    public async Task RunAsync_FreshFolder_WritesFilesManifestsAndChargesEachJobOnce()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 12);

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(12, result.Outcome!.Done);
        Assert.All(f.Simulator.Ledger.ImagesByJob().Values, images => Assert.Equal(1, images));
        Assert.Equal(12, f.Simulator.Ledger.ImagesByJob().Count);
        Assert.Equal(12, Directory.GetFiles(f.OutputsDirectory, "*.original.*").Length);
        Assert.Equal(12, Directory.GetFiles(f.OutputsDirectory, "*.web.webp").Length);
        var csv = File.ReadAllLines(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        Assert.Equal(1 + 24, csv.Length);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "summary.json")));
        Assert.Equal(1, summary.RootElement.GetProperty("schemaVersion").GetInt32());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(f.OutputsDirectory, "manifest.json")));
        Assert.Contains("Done: 12 done", f.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SecondRun_MakesNoPaidCall()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 6);
        await f.RunAsync();
        var charges = f.Simulator.Ledger.Charges.Count;

        var second = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(6, second.Outcome!.SkippedDone);
        Assert.Equal(charges, f.Simulator.Ledger.Charges.Count);
    }

    [Fact]
    public async Task RunAsync_LimitThenShard_PaysForExactlyTheJobsAFreshExpansionGivesThatShard()
    {
        // The run reads back the plan pass's spooled jobs: the same keys, in the same order, as expanding afresh.
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 30);
        var shard = new Core.Sharding.ShardSpec(1, 2);

        var result = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Limit = 20, Shard = shard });

        var pipeline = Core.Manifest.ManifestLoader.Load(f.ManifestPath).Pipeline!;
        var expected = new Core.Jobs.JobExpander(pipeline, Core.Jobs.RunContext.Start(TimeProvider.System)).Expand().Take(20).Where(j => shard.Contains(j.Key)).ToList();
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.InRange(expected.Count, 3, 17);
        Assert.Equal(expected.Select(j => j.Key).Order(StringComparer.Ordinal), f.Simulator.Ledger.ImagesByJob().Keys.Order(StringComparer.Ordinal));
        using var store = StateReader.Open(StoreLocations.StatePath(f.OutputsDirectory, shard));
        Assert.Equal(expected.Select(j => j.Output.RelativeBaseName), store.ReadCurrentOutputsAsync(CancellationToken.None).ToBlockingEnumerable().Select(r => r.Output!.Path.Split('.')[0]).Distinct());
    }

    [Fact]
    public async Task RunAsync_BudgetAtConcurrency32_NeverExceededAndExits3()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 60, concurrency: 32, maxCostUsd: 0.50m);

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.BudgetReached, result.ExitCode);
        Assert.True(f.Simulator.Ledger.TotalUsd <= 0.50m, $"ledger {f.Simulator.Ledger.TotalUsd}");
        Assert.True(result.Outcome!.BudgetSkipped > 0);
    }

    [Fact]
    public async Task RunAsync_InvalidManifest_Exits2WithoutAnyCall()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        File.WriteAllText(f.ManifestPath, File.ReadAllText(f.ManifestPath).Replace("{{ item }}", "{{ missing_variable }}", StringComparison.Ordinal));

        var result = await f.RunAsync();

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Empty(f.Simulator.Ledger.Charges);
        Assert.Contains("missing_variable", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StopBeforeStart_SubmitsNothingAndExits130()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 10);
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();

        var result = await f.RunAsync(stop: stop.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Empty(f.Simulator.Ledger.Charges);
        Assert.True(File.Exists(Path.Combine(f.OutputsDirectory, "manifest.csv")));
    }

    [Fact]
    public async Task RunAsync_ProviderRefusesEveryTry_EachJobSentExactlyRetryAttemptsTimes()
    {
        await using var f = await RunFixture.StartAsync(o => o.Faults.Error500Rate = 1);
        f.WriteManifest(rows: 3, retryAttempts: 3);

        var result = await f.RunAsync();

        // Ark's documented 500 refusal is resent by the engine alone, each send recorded: never attempts × adapter retries.
        Assert.Equal(ExitCodes.SomeJobsFailed, result.ExitCode);
        Assert.Equal(3, result.Outcome!.Failed);
        Assert.Equal(3, f.Simulator.Stats.RequestsByJob.Count);
        Assert.All(f.Simulator.Stats.RequestsByJob.Values, sent => Assert.Equal(3, sent));
        // Failed jobs are no outputs: manifest.csv lists none; the store (status) keeps each failure.
        Assert.Empty(ManifestCsv.Read(Path.Combine(f.OutputsDirectory, "manifest.csv")).Rows);
        using (var reader = StateReader.Open(StateStore.PathFor(f.OutputsDirectory)))
        {
            var failures = await reader.GetLastFailuresAsync(10, CancellationToken.None);
            Assert.Equal(3, failures.Count);
            Assert.All(failures, l => Assert.Equal(("retries_exhausted", "InternalServiceError"), (l.Failure.Kind.Name, l.Failure.Code)));
        }

        Assert.Empty(f.Simulator.Ledger.Charges);
    }

    /// <summary>
    /// The acceptance run: 500 jobs against a simulator that answers about one request in five with a fault
    /// (429 with Retry-After, 500, 502, 503, reset, hang past the client timeout, charged-then-dropped) and damages
    /// about one download in twenty. Every job must end done or failed with its reason, within its retry budget,
    /// never paid twice, with every listed file on disk as recorded.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task RunAsync_500JobsWithOneInFiveFaulted_EveryJobEndsWithAReasonRetriesBoundedNoneChargedTwice()
    {
        const int Jobs = 500;
        const int Attempts = 4;
        await using var f = await RunFixture.StartAsync(o =>
        {
            o.Faults.RequestLatency = LatencyDistribution.Uniform(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40));
            o.Faults.RateLimitedRate = 0.05;
            o.Faults.Error500Rate = 0.04;
            o.Faults.Error502Rate = 0.01;
            o.Faults.Error503Rate = 0.03;
            o.Faults.ResetRate = 0.02;
            o.Faults.HangRate = 0.02;
            o.Faults.HangDuration = TimeSpan.FromMinutes(1);
            o.Faults.ResetAfterChargeRate = 0.01;
            o.Faults.CorruptImageRate = 0.03;
            o.Faults.TruncateDownloadRate = 0.02;
        });
        f.WriteManifest(rows: Jobs, concurrency: 16, retryAttempts: Attempts);

        // A hang ends at the client's timeout, not the simulator's minute (2 s leaves room for a busy machine); and Ark's
        // default pacing of 500 images a minute would make the run last a minute by itself.
        WithProviderLimits(f, timeoutSeconds: 2, imagesPerMinute: 60_000);
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;

        // The 429s say Retry-After: 1 (the header's smallest wait); the throttle still pauses and halves concurrency on
        // each, but for 250 ms, so two dozen of them cannot dominate the test.
        var result = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, MaxRateLimitPause = TimeSpan.FromMilliseconds(250) })
            .WaitAsync(TimeSpan.FromMinutes(5));

        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var o = result.Outcome!;
        var sim = f.Simulator;
        log.WriteLine($"{Jobs} jobs in {clock.Elapsed.TotalSeconds:0.0} s ({cpu.TotalSeconds:0.0} s CPU): {o.Done} done, {o.Failed} failed, exit {result.ExitCode}");
        log.WriteLine("simulator: " + string.Join(", ", sim.Stats.Outcomes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));

        // Every job ended, and the counts agree with the exit code.
        Assert.Null(o.FatalError);
        Assert.Equal(Jobs, o.Done + o.Failed);
        Assert.Equal(o.Failed > 0 ? ExitCodes.SomeJobsFailed : ExitCodes.Success, result.ExitCode);
        Assert.True(o.Done >= Jobs * 3 / 4, $"only {o.Done} done");

        // The store: done or failed, a failure always with its kind and message; attempts within the retry budget.
        using var reader = StateReader.Open(StateStore.PathFor(f.OutputsDirectory));
        var items = reader.ReadReviewItems(new ReviewFilter()).Select(i => i.Job).ToList();
        var files = reader.GetOutputs(items.ConvertAll(j => j.JobKey));
        var stored = items.SelectMany(j => files[j.JobKey].Any() ? files[j.JobKey].Select(o => j with { Output = o }) : [j]).ToList();
        Assert.Equal(0, (await reader.GetImageFailureCountsAsync(CancellationToken.None)).PartlyDoneJobs);

        var jobs = stored.GroupBy(r => r.JobKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Assert.Equal(Jobs, jobs.Count);
        foreach (var (key, rows) in jobs)
        {
            var job = rows[0];
            Assert.True(job.Status is JobStatus.Done or JobStatus.Failed, $"{key}: {job.Status}");
            Assert.InRange(job.Attempts, 1, Attempts);
            if (job.Status == JobStatus.Failed)
            {
                Assert.True(job.Failure is { Kind.Name.Length: > 0, Message.Length: > 0 }, $"{key}: failed without a reason");
            }
            else
            {
                Assert.Null(job.Failure);
                Assert.Equal(["original", "web"], rows.Select(r => r.Output?.Variant).Order(StringComparer.Ordinal));
            }
        }

        var failed = jobs.Values.Select(r => r[0]).Where(j => j.Failure is not null).ToList();
        var failedByKind = failed.GroupBy(j => j.Failure!.Kind.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        log.WriteLine("failed: " + string.Join(", ", failedByKind.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")));
        log.WriteLine("attempts: " + string.Join(", ", jobs.Values.GroupBy(r => r[0].Attempts).OrderBy(g => g.Key).Select(g => $"{g.Count()} jobs × {g.Key}")));
        Assert.Equal(o.Failed, failed.Count);

        // Only what these faults can cause: a 429 or a refusal misread as final would show up as non_retryable or internal.
        Assert.Subset(
            new HashSet<string>(StringComparer.Ordinal) { FailureKind.UnknownOutcome.Name, FailureKind.RetriesExhausted.Name, FailureKind.PostProcessFailed.Name, FailureKind.DownloadFailed.Name },
            failedByKind.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.All(failed.Where(j => j.Failure!.Kind == FailureKind.RetriesExhausted), j => Assert.Equal(Attempts, j.Attempts));

        // The simulator saw each job no more often than the engine counted attempts (a request that timed out before the
        // server read it is the engine's only), and billed it at most once.
        var sent = sim.Stats.RequestsByJob;
        var billed = sim.Ledger.ImagesByJob();
        Assert.All(jobs, p => Assert.InRange(sent.GetValueOrDefault(p.Key), 0, p.Value[0].Attempts));
        Assert.All(billed, p => Assert.Equal(1, p.Value));
        Assert.All(sim.Ledger.Charges, c => Assert.Contains(c.Job!, jobs.Keys));
        foreach (var (key, rows) in jobs)
        {
            var job = rows[0];
            if (job.Status == JobStatus.Done)
            {
                Assert.True(billed.ContainsKey(key), $"{key}: done but never billed");
                Assert.Equal(1, job.BilledImages);
            }
            else if (job.Failure!.Kind == FailureKind.RetriesExhausted)
            {
                // Refused on every attempt: nothing may have been billed.
                Assert.False(billed.ContainsKey(key), $"{key}: {job.Failure.Kind} but billed");
            }
        }

        // manifest.csv and summary.json say the same, and every file listed is on disk with its hash.
        // manifest.csv lists exactly the files of the done jobs, each on disk with its hash.
        var csv = ManifestCsv.Read(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        Assert.Equal(stored.Count(r => r.Status == JobStatus.Done && r.Output is not null), csv.Rows.Count);
        foreach (var row in csv.Rows)
        {
            var job = jobs[csv.Get(row, "jobKey")][0];
            Assert.Equal((JobStatus.Done, "done"), (job.Status, csv.Get(row, "status")));
            Assert.Equal(job.Attempts.ToString(CultureInfo.InvariantCulture), csv.Get(row, "attempts"));
            Assert.Equal("", csv.Get(row, "errorKind"));
            var bytes = await File.ReadAllBytesAsync(Path.Combine(f.OutputsDirectory, csv.Get(row, "path")));
            Assert.Equal(csv.Get(row, "sha256"), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(f.OutputsDirectory, "summary.json")));
        Assert.Equal(o.Done, summary.RootElement.GetProperty("jobs").GetProperty("done").GetInt32());
        Assert.Equal(failedByKind, summary.RootElement.GetProperty("failuresByKind").EnumerateObject().Where(p => p.Value.GetInt32() > 0)
            .ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(f.OutputsDirectory, "*.part", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(f.OutputsDirectory, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task InterruptSignals_SecondSignal_CancelsAbortAfterStop()
    {
        var notes = new List<string>();
        using var signals = new InterruptSignals(() => notes.Add("stop"), () => notes.Add("abort"));

        signals.Signal();
        var abortAfterFirst = signals.Abort.IsCancellationRequested;
        signals.Signal();

        Assert.True(signals.Stop.IsCancellationRequested);
        Assert.False(abortAfterFirst);
        Assert.True(signals.Abort.IsCancellationRequested);
        Assert.Equal(["stop", "abort"], notes);
    }

    /// <summary>Sets <c>providers.ark.timeout_seconds</c> and <c>images_per_minute</c> in the fixture's manifest.</summary>
    private static void WithProviderLimits(RunFixture f, double timeoutSeconds, int imagesPerMinute)
    {
        var yaml = File.ReadAllText(f.ManifestPath);
        var limited = yaml.Replace(
            " concurrency: ",
            string.Create(CultureInfo.InvariantCulture, $" timeout_seconds: {timeoutSeconds}, images_per_minute: {imagesPerMinute}, concurrency: "),
            StringComparison.Ordinal);
        Assert.NotEqual(yaml, limited);
        File.WriteAllText(f.ManifestPath, limited);
    }
}
