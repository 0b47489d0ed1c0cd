using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.State;

public sealed class StateStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();
    private readonly RunRecord _run = new("run-1", "pipelines/x.yaml", "abc", "0.1.0");

    [Fact]
    public void Open_NewFolder_CreatesDatabaseInWalMode()
    {
        var path = StateStore.PathFor(_dir.Path);
        using var store = StateStore.Open(path, _time);

        Assert.True(File.Exists(path));
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task RecordSubmitting_DisposedWithoutFinishing_ReopenedStoreShowsSubmitting()
    {
        var path = StateStore.PathFor(_dir.Path);
        var job = TestJobs.Create(1);
        var store = StateStore.Open(path, _time);
        await store.BeginRunAsync(_run, CancellationToken.None);
        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
        store.Dispose(); // the crash: no answer, no finish

        using var reopened = StateStore.Open(path, _time);
        using var reader = reopened.OpenReader();
        var record = await reader.GetJobAsync(job.Key, CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal(JobStatus.Submitting, record.Status);
        Assert.Null(record.TaskId);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(0.04m, record.EstimatedCostUsd);
    }

    [Fact]
    public async Task RecordTaskId_AfterSubmitting_ReaderSeesSubmittedWithTaskId()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var job = TestJobs.Create(1);
        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
        using var reader = store.OpenReader();

        await store.RecordTaskIdAsync(job.Key, "task-42", CancellationToken.None);

        var record = await reader.GetJobAsync(job.Key, CancellationToken.None);
        Assert.Equal(JobStatus.Submitted, record!.Status);
        Assert.Equal("task-42", record.TaskId);
    }

    [Fact]
    public async Task RecordDone_AfterGeneratedAndOriginals_KeepsOriginalsAndVariants()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var job = TestJobs.Create(1);
        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
        await store.RecordGeneratedAsync(job.Key, 0.04m, 1, ["https://cdn/x.jpeg"], CancellationToken.None);
        await store.RecordOriginalsAsync(job.Key, [Output("original")], CancellationToken.None);

        await store.RecordDoneAsync(job.Key, "recipe-2", [Output("web"), Output("thumb")], CancellationToken.None);

        using var reader = store.OpenReader();
        var record = await reader.GetJobAsync(job.Key, CancellationToken.None);
        var outputs = await reader.GetOutputsAsync(job.Key, CancellationToken.None);
        Assert.Equal(JobStatus.Done, record!.Status);
        Assert.Equal("recipe-2", record.ProcessingKey);
        Assert.Equal(0.04m, record.BilledCostUsd);
        Assert.Equal(["https://cdn/x.jpeg"], record.ResultUrls);
        Assert.Equal(["original", "thumb", "web"], outputs.Select(o => o.Variant));
    }

    [Fact]
    public async Task GetJobsAndGetOutputs_AChunkOfKeys_EqualTheLookupsOneKeyAtATime()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var jobs = Enumerable.Range(0, 5).Select(i => TestJobs.Create(i)).ToList();
        foreach (var job in jobs.Take(4))
        {
            await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
        }

        foreach (var job in jobs.Take(2))
        {
            await store.RecordGeneratedAsync(job.Key, 0.04m, 1, ["https://cdn/x.jpeg"], CancellationToken.None);
            await store.RecordOriginalsAsync(job.Key, [Output("original")], CancellationToken.None);
            await store.RecordDoneAsync(job.Key, "recipe-2", [Output("web"), Output("thumb")], CancellationToken.None);
        }

        using var reader = store.OpenReader();
        var keys = jobs.Select(j => j.Key).ToList();

        var records = reader.GetJobs(keys);
        var outputs = reader.GetOutputs(keys);

        Assert.Equal(4, records.Count);
        foreach (var key in keys)
        {
            Assert.Equal(await reader.GetJobAsync(key, CancellationToken.None), records.GetValueOrDefault(key), JobRecordComparer.Instance);
            Assert.Equal(await reader.GetOutputsAsync(key, CancellationToken.None), outputs[key]);
        }

        Assert.Equal(6, outputs.Sum(g => g.Count()));
    }

    [Fact]
    public async Task RecordSubmitting_SecondAttempt_CountsAttemptAndClearsPreviousOutcome()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var job = TestJobs.Create(1);
        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
        await store.RecordFailedAsync(job, _run.Id, new JobFailure(FailureKind.RetriesExhausted, "500", "boom"), CancellationToken.None);
        await store.RecordOriginalsAsync(job.Key, [Output("original")], CancellationToken.None);

        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);

        using var reader = store.OpenReader();
        var record = await reader.GetJobAsync(job.Key, CancellationToken.None);
        Assert.Equal(2, record!.Attempts);
        Assert.Null(record.Failure);
        Assert.Empty(await reader.GetOutputsAsync(job.Key, CancellationToken.None));
    }

    [Fact]
    public async Task CountByStatus_MixedJobs_CountsEachStatus()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        await store.RecordSubmittingAsync(TestJobs.Create(1), _run.Id, CancellationToken.None);
        await store.RecordFailedAsync(TestJobs.Create(2), _run.Id, new JobFailure(FailureKind.NonRetryable, "400", "bad"), CancellationToken.None);
        await store.RecordFailedAsync(TestJobs.Create(3), _run.Id, new JobFailure(FailureKind.ContentPolicy, "x", "no"), CancellationToken.None);
        await store.RecordBudgetSkippedAsync(TestJobs.Create(4), _run.Id, CancellationToken.None);

        using var reader = store.OpenReader();
        var counts = await reader.CountByStatusAsync(CancellationToken.None);
        var failures = await reader.GetFailuresByKindAsync(CancellationToken.None);

        Assert.Equal(1, counts[JobStatus.Submitting]);
        Assert.Equal(2, counts[JobStatus.Failed]);
        Assert.Equal(1, counts[JobStatus.BudgetSkipped]);
        Assert.Equal(4, counts.Total);
        Assert.Equal(1, failures[FailureKind.ContentPolicy.Name]);
    }

    [Fact]
    public async Task GetGenerationLatencyPercentile_TenJobs_ReturnsNearestRank()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        for (var i = 1; i <= 10; i++)
        {
            var job = TestJobs.Create(i);
            await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(i));
            await store.RecordGeneratedAsync(job.Key, 0.04m, 1, [], CancellationToken.None);
        }

        using var reader = store.OpenReader();

        Assert.Equal(new long?[] { 5_000, 9_000, 10_000 }, await reader.GetGenerationLatencyPercentilesMsAsync([0.5, 0.9, 0.99], CancellationToken.None));
    }

    [Fact]
    public async Task GetTotalBilled_SeveralRuns_SumsExactly()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        for (var i = 0; i < 3; i++)
        {
            var job = TestJobs.Create(i);
            await store.RecordSubmittingAsync(job, $"run-{i}", CancellationToken.None);
            await store.RecordGeneratedAsync(job.Key, 0.037m, 1, [], CancellationToken.None);
        }

        using var reader = store.OpenReader();
        var (cost, images) = await reader.GetTotalBilledAsync(CancellationToken.None);

        Assert.Equal(0.111m, cost);
        Assert.Equal(3, images);
    }

    [Fact]
    public async Task GetTotalBilled_JobSubmittedAgainAfterBill_CountsEveryAttempt()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var job = TestJobs.Create(0);
        await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
        await store.RecordGeneratedAsync(job.Key, 0.04m, 1, [], CancellationToken.None);
        await store.RecordSubmittingAsync(job, "run-2", CancellationToken.None);
        await store.RecordGeneratedAsync(job.Key, 0.03m, 1, [], CancellationToken.None);

        using var reader = store.OpenReader();
        var (cost, images) = await reader.GetTotalBilledAsync(CancellationToken.None);
        var breakdown = Assert.Single(await reader.GetCostBreakdownAsync(CancellationToken.None));

        Assert.Equal((0.07m, 2), (cost, images));
        Assert.Equal((0.03m, 1, 0.07m, 2), (breakdown.BilledCostUsd, breakdown.BilledImages, breakdown.LifetimeBilledCostUsd, breakdown.LifetimeBilledImages));
    }

    [Fact]
    public async Task Open_Version1Store_MigratesAndKeepsWhatWasBilled()
    {
        var path = StateStore.PathFor(_dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = StateSchema.Version1 + """
                INSERT INTO jobs (key, processing_key, ordinal, status, run_id, provider, model, provider_model_id, estimated_cost_micros,
                    billed_cost_micros, billed_images, updated_at, variables_json, prompt, size, seed_honoured, images_requested, output_base_name)
                VALUES ('k', 'p', 0, 'done', 'r', 'ark', 'seedream-4.5', 'm', 40000, 37000, 1, 0, '{}', 'x', '1x1', 1, 1, 'a');
                """;
            command.ExecuteNonQuery();
        }

        using var store = StateStore.Open(path, _time);
        using var reader = store.OpenReader();

        Assert.Equal((0.037m, 1), await reader.GetTotalBilledAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RecordGenerated_WithAFailedImage_KeepsItUntilDownloadedOrSubmittedAgain()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var job = TestJobs.Create(1, images: 3);
        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);
        using var reader = store.OpenReader();

        await store.RecordGeneratedAsync(
            job.Key, 0.08m, 2, ["https://cdn/0.png", null, "https://cdn/2.png"],
            [new ImageFailureRecord(1, new JobFailure(FailureKind.ContentPolicy, "OutputImageSensitiveContentDetected", "blocked"))], CancellationToken.None);
        var generated = (await reader.GetJobAsync(job.Key, CancellationToken.None))!;
        await store.RecordOriginalsAsync(job.Key, [Output("original", 0), Output("original", 2)], CancellationToken.None);
        await store.RecordDoneAsync(job.Key, "recipe-1", [], [new ImageFailureRecord(2, new JobFailure(FailureKind.DownloadFailed, "http_404", "gone"))], CancellationToken.None);
        var done = await reader.GetFailedImagesAsync(job.Key, CancellationToken.None);
        await store.RecordOriginalsAsync(job.Key, [Output("original", 0), Output("original", 2)], CancellationToken.None);
        var downloadedAgain = await reader.GetFailedImagesAsync(job.Key, CancellationToken.None);
        await store.RecordSubmittingAsync(job, _run.Id, CancellationToken.None);

        Assert.Equal(["https://cdn/0.png", null, "https://cdn/2.png"], generated.ResultUrls);
        Assert.Equal(1, generated.FailedImageCount);
        Assert.Equal([(1, FailureKind.ContentPolicy), (2, FailureKind.DownloadFailed)], done.Select(f => (f.ImageIndex, f.Failure.Kind)));
        Assert.Equal([1], downloadedAgain.Select(f => f.ImageIndex));
        Assert.Empty(await reader.GetFailedImagesAsync(job.Key, CancellationToken.None));
    }

    [Fact]
    public async Task RecordDone_DoneJobWithAFailedImage_FilesAndFailedImageKeptInImageOrder()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var partly = TestJobs.Create(0, images: 3);
        await store.RecordSubmittingAsync(partly, _run.Id, CancellationToken.None);
        await store.RecordGeneratedAsync(
            partly.Key, 0.08m, 2, ["u0", null, "u2"], [new ImageFailureRecord(1, new JobFailure(FailureKind.ImageFailed, "x", "refused"))], CancellationToken.None);
        await store.RecordOriginalsAsync(partly.Key, [Output("original", 0), Output("original", 2)], CancellationToken.None);
        await store.RecordDoneAsync(partly.Key, "recipe-1", [Output("web", 0), Output("web", 2)], CancellationToken.None);
        using var reader = store.OpenReader();

        var job = await reader.GetJobAsync(partly.Key, CancellationToken.None);
        var files = await reader.GetOutputsAsync(partly.Key, CancellationToken.None);
        var failedImages = await reader.GetFailedImagesAsync(partly.Key, CancellationToken.None);

        Assert.Equal(["0:original", "0:web", "2:original", "2:web"], files.Select(o => $"{o.ImageIndex}:{o.Variant}"));
        Assert.Equal([(1, "image_failed")], failedImages.Select(f => (f.ImageIndex, f.Failure.Kind.Name)));
        Assert.Equal((JobStatus.Done, null), (job!.Status, job.Failure));
        var counts = await reader.GetImageFailureCountsAsync(CancellationToken.None);
        Assert.Equal((1, 1, 1), (counts.Images, counts.PartlyDoneJobs, counts.ByKind[FailureKind.ImageFailed.Name]));
    }

    [Fact]
    public void Open_StoreFromNewerVersion_RefusesWithMessage()
    {
        var path = StateStore.PathFor(_dir.Path);
        StateStore.Open(path, _time).Dispose();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version (version) VALUES (99)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => StateStore.Open(path, _time));
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static OutputRecord Output(string variant, int image = 0) => new(image, variant, $"a/{image}.{variant}.jpeg", "jpeg", 10, 10, 100, new string('a', 64));

    /// <summary>Records compared by value, their result URLs by element.</summary>
    private sealed class JobRecordComparer : IEqualityComparer<JobRecord?>
    {
        public static readonly JobRecordComparer Instance = new();
        private static readonly string?[] NoUrls = [];

        public bool Equals(JobRecord? x, JobRecord? y) =>
            x is null || y is null ? x is null && y is null : x with { ResultUrls = NoUrls } == y with { ResultUrls = NoUrls } && x.ResultUrls.SequenceEqual(y.ResultUrls);

        public int GetHashCode(JobRecord? obj) => obj?.Key.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
