using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.Output;

/// <summary>
/// The end-of-run reports read the store as UTF-8 cells (<see cref="StateReader.ReadCurrentOutputCells"/>) and use a
/// job's stored variables text as it is when it can: the files must be byte for byte those written from the
/// <see cref="ManifestRow"/>s of <see cref="StateReader.ReadCurrentOutputsAsync"/> (which <see cref="ManifestWritersTests"/>
/// holds to CsvHelper's and Utf8JsonWriter's bytes), for every awkward value and every shape of stored variables.
/// </summary>
public sealed class ManifestFromStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _reference = new();
    private readonly FakeClock _time = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteManifests_AwkwardStore_SameBytesAsFromManifestRows(bool byteOrderMark)
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var awkward = new Dictionary<string, string>
        {
            ["sku"] = " SKU, \"1\" ",
            ["风格"] = "工作室\n第二行",
            ["html"] = "<b>&amp; 'x' +1 `y`",
            ["tab"] = "a\tb \u0001 😀",
        };
        Core.Jobs.Job[] jobs =
        [
            TestJobs.Create(0),
            TestJobs.Create(1) with { Variables = awkward, RequestedSeed = 42 },
            TestJobs.Create(2) with { Variables = new Dictionary<string, string> { ["B"] = "upper first by code", ["a"] = "lower", ["_x"] = "under" } },
            TestJobs.Create(3) with { Variables = new Dictionary<string, string>() },
            TestJobs.Create(4),
            TestJobs.Create(5),
            TestJobs.Create(6),
        ];
        jobs[1] = jobs[1] with { Request = jobs[1].Request with { Prompt = " lead, \"quoted\"\r\nline\ttab <b>&amp; 'x' +1 é 中文 😀 \u0001 trail " } };
        foreach (var job in jobs)
        {
            await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
            await store.RecordGeneratedAsync(job.Key, 0.030000m, 2, ["https://cdn/a.png"], CancellationToken.None);
            await store.RecordDoneAsync(
                job.Key,
                "recipe-1",
                [File(job, 0, "original"), File(job, 0, "thumb, \"small\""), File(job, 1, "original")],
                CancellationToken.None);
        }

        await store.RecordReviewAsync([jobs[1].Key], "rejected", "too \"dark\", redo\n", "ana", CancellationToken.None);
        await store.RecordReviewAsync([jobs[4].Key], "approved", null, "bo", CancellationToken.None);

        // Shapes another writer may have stored: spaced (Python's json.dumps), unsorted, escaped, not an object of strings.
        StoreSql.Execute(StateStore.PathFor(_dir.Path), """
            UPDATE jobs SET variables_json = '{"colour": "red", "sku": "SKU-5"}' WHERE ordinal = 4;
            UPDATE jobs SET variables_json = '{"sku":"z","colour":"b"}' WHERE ordinal = 5;
            UPDATE jobs SET variables_json = '{"sku":"caf\u00e9 \u003Cb\u003E","e":"\"q\""}' WHERE ordinal = 6;
            UPDATE jobs SET error_kind = 'download_failed', error_code = NULL, error_message = NULL, task_id = 'task,"1"' WHERE ordinal = 0;
            UPDATE jobs SET error_kind = 'x', error_code = 'E1', error_message = ' reset, "now" ' WHERE ordinal = 3;
            """);

        var header = new OutputHeader(OutputHeader.CurrentSchemaVersion, "1.2.3", "run-1", _time.GetUtcNow());
        await new RunReportWriter(_dir.Path, store, "1.2.3", _time) { CsvByteOrderMark = byteOrderMark }.WriteManifestsAsync("run-1", CancellationToken.None);
        using (var reader = store.OpenReader())
        {
            var variables = await reader.GetVariableNamesAsync(CancellationToken.None);
            var rows = await RunReportWriter.WriteManifestsAsync(_reference.Path, header, reader.ReadCurrentOutputsAsync(CancellationToken.None), variables, byteOrderMark, CancellationToken.None);
            Assert.Equal(jobs.Length * 3, rows);
        }

        foreach (var name in new[] { ManifestCsvWriter.FileName, ManifestJsonWriter.FileName })
        {
            Assert.Equal(await System.IO.File.ReadAllTextAsync(_reference.Combine(name)), await System.IO.File.ReadAllTextAsync(_dir.Combine(name)));
            Assert.Equal(await System.IO.File.ReadAllBytesAsync(_reference.Combine(name)), await System.IO.File.ReadAllBytesAsync(_dir.Combine(name)));
        }
    }

    /// <summary>
    /// The reports read the rows on two threads, every other chunk of ordinals each: the rows must still come out in
    /// manifest order across many chunks, with a chunk that has no current output, an ordinal several jobs share
    /// (an older run's) and ordinals far apart.
    /// </summary>
    [Fact]
    public async Task WriteManifests_ManyChunksOfOrdinals_SameBytesAsFromManifestRows()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        const int Jobs = 700;
        foreach (var job in Enumerable.Range(0, Jobs).Select(i => TestJobs.Create(i)))
        {
            await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
            await store.RecordDoneAsync(job.Key, "recipe-1", [File(job, 0, "original"), File(job, 0, "thumb")], CancellationToken.None);
        }

        var chunk = ManifestCellReader.ChunkOrdinals;
        StoreSql.Execute(StateStore.PathFor(_dir.Path), $"""
            UPDATE jobs SET ordinal = ordinal * 3;
            UPDATE jobs SET status = 'failed' WHERE ordinal >= {2 * chunk} AND ordinal < {3 * chunk};
            UPDATE jobs SET ordinal = {chunk + 5} WHERE ordinal IN (30, 33, 1500);
            UPDATE jobs SET ordinal = 100000 WHERE ordinal = 1803;
            """);

        var header = new OutputHeader(OutputHeader.CurrentSchemaVersion, "1.2.3", "run-1", _time.GetUtcNow());
        await new RunReportWriter(_dir.Path, store, "1.2.3", _time).WriteManifestsAsync("run-1", CancellationToken.None);
        using (var reader = store.OpenReader())
        {
            var variables = await reader.GetVariableNamesAsync(CancellationToken.None);
            var rows = await RunReportWriter.WriteManifestsAsync(_reference.Path, header, reader.ReadCurrentOutputsAsync(CancellationToken.None), variables, false, CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, Jobs).Count(i => i * 3 < 2 * chunk || i * 3 >= 3 * chunk) * 2, rows);
        }

        foreach (var name in new[] { ManifestCsvWriter.FileName, ManifestJsonWriter.FileName })
        {
            Assert.Equal(await System.IO.File.ReadAllBytesAsync(_reference.Combine(name)), await System.IO.File.ReadAllBytesAsync(_dir.Combine(name)));
        }
    }

    [Fact]
    public async Task WriteManifests_VariablesNotAnObjectOfStrings_FailsAsBefore()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var job = TestJobs.Create(0);
        await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
        await store.RecordDoneAsync(job.Key, "recipe-1", [File(job, 0, "original")], CancellationToken.None);
        StoreSql.Execute(StateStore.PathFor(_dir.Path), "UPDATE jobs SET variables_json = '{\"n\":1}'");

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(
            () => new RunReportWriter(_dir.Path, store, "1.2.3", _time).WriteManifestsAsync("run-1", CancellationToken.None));
    }

    public void Dispose()
    {
        _dir.Dispose();
        _reference.Dispose();
    }

    private static OutputRecord File(Core.Jobs.Job job, int image, string variant) =>
        new(image, variant, $"{job.Output.RelativeBaseName}/{image}.{variant}.jpeg", "jpeg", 10 + image, 20, 100 + image, new string('a', 64));

}
