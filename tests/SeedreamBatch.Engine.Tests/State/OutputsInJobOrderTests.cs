using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>
/// <c>outputs.job_ordinal</c> (the manifests' one ordered walk): filled for an older store on open, and kept equal to the
/// job's ordinal by SQLite whoever writes — this build, an older build that does not know the column, a renumbering.
/// </summary>
public sealed class OutputsInJobOrderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    [Fact]
    public async Task Open_Schema2File_GivesEveryFileItsJobsOrdinalAndReportsListThem()
    {
        var path = StateStore.PathFor(_dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Path.Combine(RepositoryRoot(), "tests", "SeedreamBatch.Engine.Tests", "State", "Fixtures", "state-schema2.db"), path);

        using var store = StateStore.Open(path, _time);
        using var reader = store.OpenReader();

        Assert.Equal((4L, 0L), (Count(path, "SELECT count(*) FROM outputs"), Count(path, OutOfStep)));
        var rows = await reader.ReadCurrentOutputsAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(TestJobs.Create(0).Key, r.JobKey));
    }

    [Fact]
    public async Task JobsRenumbered_FilesFollowAndReportsListThemInTheNewOrder()
    {
        var path = StateStore.PathFor(_dir.Path);
        using var store = StateStore.Open(path, _time);
        foreach (var ordinal in new[] { 0, 1, 2 })
        {
            await MakeDoneAsync(store, TestJobs.Create(ordinal));
        }

        // A later manifest puts the last job first (the store's write path) and another write path renumbers the rest.
        await store.RecordFailedAsync(TestJobs.Create(2) with { Ordinal = 9 }, "run-2", new JobFailure(FailureKind.Internal, null, "y"), CancellationToken.None);
        StoreSql.Execute(path, "UPDATE jobs SET ordinal = 20, status = 'done' WHERE ordinal = 0; UPDATE jobs SET status = 'done' WHERE ordinal = 9");

        using var reader = store.OpenReader();
        Assert.Equal(0L, Count(path, OutOfStep));
        var rows = await reader.ReadCurrentOutputsAsync(CancellationToken.None).ToListAsync();
        Assert.Equal([1L, 1L, 9L, 9L, 20L, 20L], rows.Select(r => r.Ordinal));
    }

    [Fact]
    public async Task FileInsertedByABuildThatDoesNotKnowTheColumn_GetsItsJobsOrdinal()
    {
        var path = StateStore.PathFor(_dir.Path);
        using var store = StateStore.Open(path, _time);
        var job = TestJobs.Create(7);
        await MakeDoneAsync(store, job);

        StoreSql.Execute(path, $"""
            INSERT INTO outputs (job_key, image_index, variant, path, format, width, height, bytes, sha256)
            VALUES ('{job.Key}', 1, 'original', 'b.png', 'png', 1, 1, 1, '{new string('b', 64)}')
            """);

        Assert.Equal((3L, 0L), (Count(path, "SELECT count(*) FROM outputs WHERE job_ordinal = 7"), Count(path, OutOfStep)));
        using var reader = store.OpenReader();
        Assert.Equal(3, (await reader.ReadCurrentOutputsAsync(CancellationToken.None).ToListAsync()).Count);
    }

    [Fact]
    public async Task JobsSharingAnOrdinal_ListedByKeyNotByInsertion()
    {
        var path = StateStore.PathFor(_dir.Path);
        using var store = StateStore.Open(path, _time);
        foreach (var ordinal in new[] { 2, 1, 0 })
        {
            await MakeDoneAsync(store, TestJobs.Create(ordinal));
        }

        StoreSql.Execute(path, "UPDATE jobs SET ordinal = 5");

        using var reader = store.OpenReader();
        var rows = await reader.ReadCurrentOutputsAsync(CancellationToken.None).ToListAsync();
        Assert.Equal([0, 0, 1, 1, 2, 2], rows.Select(r => TestJobs.Create(0).Key == r.JobKey ? 0 : TestJobs.Create(1).Key == r.JobKey ? 1 : 2));
        Assert.All(rows.Chunk(2), pair => Assert.Equal(["original", "thumb"], pair.Select(r => r.Output!.Variant)));
    }

    [Fact]
    public void CurrentOutputsQuery_WalksJobsAndFilesInOrder_SortsNothing()
    {
        var path = StateStore.PathFor(_dir.Path);
        using (StateStore.Open(path, _time))
        {
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + StateReader.CurrentOutputsSql;
        using var plan = command.ExecuteReader();
        var steps = new List<string>();
        while (plan.Read())
        {
            steps.Add(plan.GetString(3));
        }

        Assert.Contains(steps, s => s.Contains("SCAN j USING INDEX jobs_manifest_order", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.Contains("SEARCH o USING INDEX outputs_order", StringComparison.Ordinal));
        Assert.DoesNotContain(steps, s => s.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Files whose job_ordinal is not their job's ordinal.</summary>
    private const string OutOfStep = "SELECT count(*) FROM outputs o WHERE o.job_ordinal IS NOT (SELECT j.ordinal FROM jobs j WHERE j.key = o.job_key)";

    private static async Task MakeDoneAsync(StateStore store, Core.Jobs.Job job)
    {
        await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
        await store.RecordGeneratedAsync(job.Key, 0.04m, 1, ["https://cdn/x.jpeg"], CancellationToken.None);
        await store.RecordDoneAsync(job.Key, "recipe-1", [FileOf(job, "original"), FileOf(job, "thumb")], CancellationToken.None);
    }

    private static OutputRecord FileOf(Core.Jobs.Job job, string variant) =>
        new(0, variant, $"{job.Output.RelativeBaseName}.{variant}.jpeg", "jpeg", 10, 10, 100, new string('a', 64));

    private static long Count(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
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

        throw new InvalidOperationException("repository root not found");
    }
}
