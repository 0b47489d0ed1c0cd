using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>
/// Upgrading a real state.db written by the schema-2 store (<c>Fixtures/state-schema2.db</c>, made by the code before
/// schema 3: a done job of two images with variants, a download failure with its bill, a submitted task, a budget skip).
/// </summary>
public sealed class StateMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    [Fact]
    public async Task Open_Schema2File_UpgradesToSchema4KeepingEveryJobFileAndBill()
    {
        var path = CopyFixture();

        using var store = StateStore.Open(path, _time);
        using var reader = store.OpenReader();

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Versions(path));
        var counts = await reader.CountByStatusAsync(CancellationToken.None);
        Assert.Equal((1, 1, 1, 1, 4), (counts[JobStatus.Done], counts[JobStatus.Failed], counts[JobStatus.Submitted], counts[JobStatus.BudgetSkipped], counts.Total));
        Assert.Equal((0.12m, 3), await reader.GetTotalBilledAsync(CancellationToken.None));
        var done = (await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!;
        Assert.Equal(["https://cdn/0-a.png", "https://cdn/0-b.png"], done.ResultUrls);
        Assert.Equal(0, done.FailedImageCount);
        Assert.False(done.Simulated);
        Assert.Equal(4, (await reader.GetOutputsAsync(done.Key, CancellationToken.None)).Count);
        var submitted = (await reader.GetJobAsync(TestJobs.Create(2).Key, CancellationToken.None))!;
        Assert.Equal((JobStatus.Submitted, "task-2"), (submitted.Status, submitted.TaskId));
        Assert.Equal([0, 1, 2, 3], reader.ReadReviewItems(new ReviewFilter()).Select(i => i.Job.Ordinal));
        Assert.Empty((await reader.GetImageFailureCountsAsync(CancellationToken.None)).ByKind);
    }

    [Fact]
    public async Task Open_UpgradedSchema2File_RecordsImageFailuresAndOpensAgainUnchanged()
    {
        var path = CopyFixture();
        var failed = TestJobs.Create(1);
        using (var store = StateStore.Open(path, _time))
        {
            await store.RecordSubmittingAsync(failed, "run-v3", CancellationToken.None);
            await store.RecordGeneratedAsync(
                failed.Key, 0.04m, 1, ["https://cdn/1-a.png", null], [new ImageFailureRecord(1, new JobFailure(FailureKind.ImageFailed, "x", "refused"))], CancellationToken.None);
        }

        using var reopened = StateStore.Open(path, _time);
        using var reader = reopened.OpenReader();

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Versions(path));
        var record = (await reader.GetJobAsync(failed.Key, CancellationToken.None))!;
        Assert.Equal((JobStatus.Generated, 2), (record.Status, record.Attempts));
        Assert.Equal(["https://cdn/1-a.png", null], record.ResultUrls);
        Assert.Equal(1, Assert.Single(await reader.GetFailedImagesAsync(failed.Key, CancellationToken.None)).ImageIndex);
        Assert.Equal((0.16m, 4), await reader.GetTotalBilledAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Open_Schema2File_UpgradesToSchema5WithReviewsThatSurviveReopenAndClearOnResubmit()
    {
        var path = CopyFixture();
        var done = TestJobs.Create(0);
        var other = TestJobs.Create(3);
        using (var store = StateStore.Open(path, _time))
        {
            Assert.Equal(2, await store.RecordReviewAsync([done.Key, other.Key, "no-such-job"], ReviewDecisions.Rejected, "  wrong colour ", "ana", CancellationToken.None));
        }

        using (var reopened = StateStore.Open(path, _time))
        using (var reader = reopened.OpenReader())
        {
            Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Versions(path));
            var decision = reader.GetReviewItem(done.Key)!.Job.Review!;
            Assert.Equal(("rejected", "wrong colour", "ana"), (decision.Decision, decision.Reason, decision.DecidedBy));
            Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), decision.DecidedAt.ToUnixTimeMilliseconds());
            Assert.Equal([done.Key, other.Key], reader.GetKeysWithDecision(ReviewDecisions.Rejected));
            var counts = reader.GetReviewCounts();
            Assert.Equal((4, 1, 0, 2), (counts.Total, counts.Done, counts.Pending, counts.Rejected));
            Assert.Equal("wrong colour", Assert.Single(reader.ReadReviewItems(new ReviewFilter()), i => i.Job.JobKey == done.Key).Job.Review!.Reason);

            // Paying for the job again makes a new picture: the decision about the old one no longer applies.
            await reopened.RecordSubmittingAsync(done, "run-v5", CancellationToken.None);
            Assert.Null(reader.GetReviewItem(done.Key)!.Job.Review);
            Assert.Equal([other.Key], reader.GetKeysWithDecision(ReviewDecisions.Rejected));
        }
    }

    [Fact]
    public async Task ArchiveVersion_DoneJob_KeepsItsFilesBillAndDecisionAsVersion1AndClearsTheCurrent()
    {
        var path = CopyFixture();
        var done = TestJobs.Create(0);
        using var store = StateStore.Open(path, _time);
        await store.RecordReviewAsync([done.Key], ReviewDecisions.Rejected, "blurry", "ana", CancellationToken.None);
        using var reader = store.OpenReader();
        var moved = (await reader.GetOutputsAsync(done.Key, CancellationToken.None)).Select(o => o with { Path = "history/v1/" + o.Path }).ToList();

        await store.ArchiveVersionAsync(done.Key, done.Key, moved, CancellationToken.None);

        var version = Assert.Single(reader.GetVersions(done.Key));
        Assert.Equal((1, "rejected", "blurry", 4), (version.Version, version.Decision!.Decision, version.Decision.Reason, version.Outputs.Count));
        Assert.All(version.Outputs, o => Assert.StartsWith("history/v1/", o.Path, StringComparison.Ordinal));
        Assert.Empty(await reader.GetOutputsAsync(done.Key, CancellationToken.None));
        var item = reader.GetReviewItem(done.Key)!;
        Assert.Equal((1, (ReviewDecision?)null), (item.Versions, item.Job.Review));
        Assert.Equal((0.12m, 3), await reader.GetTotalBilledAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Read_Schema2File_ItsFailureKindIsTheKindThisVersionNames()
    {
        using var reader = StateReader.Open(CopyFixture());

        var failed = (await reader.GetJobAsync(TestJobs.Create(1).Key, CancellationToken.None))!;

        Assert.Equal((FailureKind.DownloadFailed, "http_503", "CDN down"), (failed.Failure!.Kind, failed.Failure.Code, failed.Failure.Message));
        Assert.Same(FailureKind.DownloadFailed, failed.Failure.Kind);
    }

    [Fact]
    public async Task Read_KindsThisVersionDoesNotKnow_ReadBackAndAreWrittenAgainUnchanged()
    {
        // A newer version's kinds (or a hand edit) in a store this version opens: never an error, and never rewritten.
        var path = CopyFixture();
        var failed = TestJobs.Create(1);
        StoreSql.Execute(path, "UPDATE jobs SET error_kind = 'quota_paused' WHERE ordinal = 1");

        using var store = StateStore.Open(path, _time);
        StoreSql.Execute(path, $"INSERT INTO image_failures (job_key, image_index, error_kind, error_code, error_message) VALUES ('{failed.Key}', 1, 'image_withheld', NULL, 'later')");

        using var reader = store.OpenReader();
        var record = (await reader.GetJobAsync(failed.Key, CancellationToken.None))!;
        var image = Assert.Single(await reader.GetFailedImagesAsync(failed.Key, CancellationToken.None));
        Assert.Equal("quota_paused", record.Failure!.Kind.Name);
        Assert.DoesNotContain(record.Failure.Kind, FailureKind.All);
        Assert.Equal("image_withheld", image.Failure.Kind.Name);
        Assert.Equal("quota_paused", Assert.Single(await reader.GetLastFailuresAsync(5, CancellationToken.None)).Failure.Kind.Name);
        Assert.Equal(1, (await reader.GetFailuresByKindAsync(CancellationToken.None))["quota_paused"]);
        Assert.Equal(1, (await reader.GetImageFailureCountsAsync(CancellationToken.None)).ByKind["image_withheld"]);
        Assert.Equal("quota_paused", Assert.Single(reader.ReadReviewItems(new ReviewFilter()), i => i.Job.JobKey == failed.Key).Job.Failure!.Kind.Name);

        await store.RecordFailedAsync(failed, "run-v7", record.Failure, [image], CancellationToken.None);

        Assert.Equal(record.Failure, (await reader.GetJobAsync(failed.Key, CancellationToken.None))!.Failure);
        Assert.Equal(image, Assert.Single(await reader.GetFailedImagesAsync(failed.Key, CancellationToken.None)));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A copy, so the checked-in file never gets a WAL or an upgrade.</summary>
    private string CopyFixture()
    {
        var path = StateStore.PathFor(_dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Path.Combine(RepositoryRoot(), "tests", "SeedreamBatch.Engine.Tests", "State", "Fixtures", "state-schema2.db"), path);
        return path;
    }

    [Fact]
    public async Task ReaderOpen_Schema2File_UpgradesFirstSoPlanAndStatusQueriesWork()
    {
        // plan, status, review and export open only a reader; before, an older store failed them with
        // "no such column: simulated" (an internal error) until a run had upgraded it.
        var path = CopyFixture();

        using var reader = StateReader.Open(path);

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Versions(path));
        Assert.False((await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!.Simulated);
        Assert.Equal(4, (await reader.CountByStatusAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Open_Schema3StoreWithLoopbackResultUrls_MarksThoseJobsSimulatedAndOthersReal()
    {
        var path = CopyFixture();
        StoreSql.Execute(path, "UPDATE jobs SET result_urls = '[\"http://127.0.0.1:41234/files/a.png\"]' WHERE ordinal = 1");

        using var store = StateStore.Open(path, _time);
        using var reader = store.OpenReader();

        Assert.True((await reader.GetJobAsync(TestJobs.Create(1).Key, CancellationToken.None))!.Simulated);
        Assert.False((await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!.Simulated);
    }

    [Fact]
    public async Task Open_Schema5StoreWithoutSchema4Columns_AddsThemAndMarksLoopbackJobsSimulated()
    {
        // What a build whose schema went 3 → 5 (review's, before schema 4 was merged) leaves: version 5, no schema-4 columns.
        var path = CopyFixture();
        using (StateStore.Open(path, _time))
        {
        }

        StoreSql.Execute(path, """
            DROP INDEX jobs_totals;
            DROP INDEX jobs_run;
            DROP INDEX jobs_latency;
            DELETE FROM schema_version WHERE version = 6;
            DROP INDEX outputs_path;
            ALTER TABLE jobs DROP COLUMN endpoint;
            ALTER TABLE jobs DROP COLUMN simulated;
            ALTER TABLE jobs DROP COLUMN unknown_requests;
            ALTER TABLE jobs DROP COLUMN unknown_micros;
            DELETE FROM schema_version WHERE version = 4;
            UPDATE jobs SET result_urls = '["http://127.0.0.1:41234/files/a.png"]' WHERE ordinal = 1;
            """);

        Assert.Equal([1L, 2L, 3L, 5L, 7L], Versions(path));
        using (var store = StateStore.Open(path, _time))
        using (var reader = store.OpenReader())
        {
            Assert.True((await reader.GetJobAsync(TestJobs.Create(1).Key, CancellationToken.None))!.Simulated);
            Assert.False((await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!.Simulated);
        }

        using (StateStore.Open(path, _time))
        {
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Versions(path));
    }

    [Fact]
    public void Open_Schema2File_AddsTheSchema6IndexesStatusAndReportsRead()
    {
        var path = CopyFixture();
        using (StateStore.Open(path, _time))
        {
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L], Versions(path));

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        string Plan(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            using var rows = command.ExecuteReader();
            var steps = new List<string>();
            while (rows.Read())
            {
                steps.Add(rows.GetString(3));
            }

            return string.Join(" | ", steps);
        }

        Assert.Contains("jobs_latency", Plan("SELECT (generated_at - submitting_at) FROM jobs WHERE generated_at IS NOT NULL ORDER BY (generated_at - submitting_at)"), StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", Plan("SELECT (generated_at - submitting_at) FROM jobs WHERE generated_at IS NOT NULL ORDER BY (generated_at - submitting_at)"), StringComparison.Ordinal);
        Assert.Contains("COVERING INDEX jobs_totals", Plan("SELECT coalesce(sum(billed_total_micros), 0) FROM jobs WHERE simulated = 0"), StringComparison.Ordinal);
        Assert.Contains("COVERING INDEX jobs_run", Plan("SELECT sum(billed_images), max(generated_at) FROM jobs WHERE run_id = 'r' AND generated_at IS NOT NULL"), StringComparison.Ordinal);
    }

    private static List<long> Versions(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version";
        using var reader = command.ExecuteReader();
        var versions = new List<long>();
        while (reader.Read())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SeedreamBatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SeedreamBatch.sln not found above " + AppContext.BaseDirectory);
    }
}
