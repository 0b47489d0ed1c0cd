using Microsoft.Data.Sqlite;
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
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Open_Schema2File_UpgradesToSchema4KeepingEveryJobFileAndBill()
    {
        var path = CopyFixture();

        using var store = StateStore.Open(path, _time);
        using var reader = store.OpenReader();

        Assert.Equal([1L, 2L, 3L, 4L], Versions(path));
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
        var rows = await ReadAllAsync(reader.ReadManifestRowsAsync(CancellationToken.None));
        Assert.Equal([0, 0, 0, 0, 1, 2, 3], rows.Select(r => r.Ordinal));
        Assert.All(rows, r => Assert.Null(r.FailedImage));
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
                failed.Key, 0.04m, 1, ["https://cdn/1-a.png", null], [new ImageFailureRecord(1, new JobFailure(FailureKinds.ImageFailed, "x", "refused"))], CancellationToken.None);
        }

        using var reopened = StateStore.Open(path, _time);
        using var reader = reopened.OpenReader();

        Assert.Equal([1L, 2L, 3L, 4L], Versions(path));
        var record = (await reader.GetJobAsync(failed.Key, CancellationToken.None))!;
        Assert.Equal((JobStatus.Generated, 2), (record.Status, record.Attempts));
        Assert.Equal(["https://cdn/1-a.png", null], record.ResultUrls);
        Assert.Equal(1, Assert.Single(await reader.GetFailedImagesAsync(failed.Key, CancellationToken.None)).ImageIndex);
        Assert.Equal((0.16m, 4), await reader.GetTotalBilledAsync(CancellationToken.None));
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
    public async Task Open_Schema3StoreWithLoopbackResultUrls_MarksThoseJobsSimulatedAndOthersReal()
    {
        var path = CopyFixture();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE jobs SET result_urls = '[\"http://127.0.0.1:41234/files/a.png\"]' WHERE ordinal = 1";
            command.ExecuteNonQuery();
        }

        using var store = StateStore.Open(path, _time);
        using var reader = store.OpenReader();

        Assert.True((await reader.GetJobAsync(TestJobs.Create(1).Key, CancellationToken.None))!.Simulated);
        Assert.False((await reader.GetJobAsync(TestJobs.Create(0).Key, CancellationToken.None))!.Simulated);
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

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
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
