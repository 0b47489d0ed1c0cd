using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Queries over a state store on a read-only connection of its own: safe alongside a running writer
/// (WAL: a reader sees the last commit). Not thread-safe; open one per concurrent user.
/// </summary>
public sealed partial class StateReader : IDisposable
{
    private const string JobColumns =
        "key, processing_key, status, provider, model, task_id, attempts, estimated_cost_micros, billed_cost_micros, billed_images, error_kind, error_code, error_message, result_urls, generated_at, output_base_name, "
        + "(SELECT count(*) FROM image_failures f WHERE f.job_key = jobs.key), simulated";

    /// <summary>The job columns of a manifest row (<see cref="CurrentOutputsSql"/>, the review items).</summary>
    private const string ManifestJobColumns = """
        j.key, j.ordinal, j.status, j.provider, j.model, j.provider_model_id, j.prompt, j.size, j.seed, j.seed_honoured,
        j.task_id, j.attempts, j.estimated_cost_micros, j.billed_cost_micros, j.billed_images, j.variables_json,
        j.generated_at - j.submitting_at, j.finished_at - j.started_at, j.error_kind, j.error_code, j.error_message, j.simulated
        """;

    /// <summary>A file's columns with its stat fingerprint (<see cref="ReadStampedOutput"/>), then its job's key; a WHERE clause follows.</summary>
    private const string OutputsOf =
        "SELECT image_index, variant, path, format, width, height, bytes, sha256, stat_size, stat_mtime_ns, stat_ctime_ns, stat_inode, job_key FROM outputs WHERE";

    /// <summary>
    /// The current outputs (<see cref="ReadCurrentOutputsAsync"/>): job columns, file columns (22–29), review (30–33), the
    /// job's rowid (<see cref="CurrentOutputsJobRowColumn"/>). Both indexes give the ORDER BY as they are walked, so SQLite
    /// sorts nothing: <c>j.rowid</c> (unique, where <c>key</c>, a nullable primary key to SQLite, is not) tells it each job
    /// comes once, so the files' order within a job is taken from <c>outputs_order</c> too. "shared": the paths more than one file row has (usually
    /// none), found once from the outputs_path index; only their rows need the per-row look for a later job that wrote
    /// the same path.
    /// </summary>
    internal const string CurrentOutputsSql = $"""
        WITH shared AS (SELECT path FROM outputs GROUP BY path HAVING count(*) > 1)
        SELECT {ManifestJobColumns},
            o.image_index, o.variant, o.path, o.format, o.width, o.height, o.bytes, o.sha256,
            r.decision, r.reason, r.decided_by, r.decided_at, j.rowid
        FROM jobs j INDEXED BY jobs_manifest_order CROSS JOIN outputs o INDEXED BY outputs_order ON o.job_ordinal = j.ordinal AND o.job_key = j.key
            LEFT JOIN reviews r ON r.job_key = j.key
        WHERE j.status = 'done' AND j.superseded_by IS NULL AND (o.path NOT IN (SELECT path FROM shared) OR NOT EXISTS (
            SELECT 1 FROM outputs o2 JOIN jobs j2 ON j2.key = o2.job_key
            WHERE o2.path = o.path AND o2.job_key <> o.job_key AND j2.status = 'done'
                AND (coalesce(j2.finished_at, 0) > coalesce(j.finished_at, 0) OR (coalesce(j2.finished_at, 0) = coalesce(j.finished_at, 0) AND j2.key > j.key))))
        ORDER BY j.ordinal, j.key, j.rowid, o.image_index, o.variant
        """;

    /// <summary>The column of <see cref="CurrentOutputsSql"/> with the job's rowid: a job's rows come one after another.</summary>
    internal const int CurrentOutputsJobRowColumn = 34;

    private readonly SqliteConnection _connection;

    private StateReader(SqliteConnection connection) => _connection = connection;

    public static StateReader Open(string databasePath)
    {
        SqliteCommands.EnsureInitialized();
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"no state store at {databasePath}", databasePath);
        }

        // plan, status, review and export may be the first commands to meet a store an older seedream-batch wrote:
        // it is upgraded as the next run would upgrade it, so every query finds the current columns.
        StateStore.UpgradeIfOlder(databasePath);

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        SqliteCommands.Execute(connection, "PRAGMA busy_timeout=5000;");
        return new StateReader(connection);
    }

    public Task<JobRecord?> GetJobAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var reader = SqliteCommands.Prepared(_connection, $"SELECT {JobColumns} FROM jobs WHERE key = $key", ("$key", key)).ExecuteReader();
        return Task.FromResult(reader.Read() ? ReadJob(reader) : null);
    }

    public Task<IReadOnlyList<OutputRecord>> GetOutputsAsync(string jobKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<OutputRecord>>(ReadAll($"{OutputsOf} job_key = $key ORDER BY image_index, variant", ReadStampedOutput, ("$key", jobKey)));
    }

    /// <summary>
    /// The records of those of <paramref name="keys"/> the store holds, by key: one query for a chunk of jobs (a rerun
    /// looks its jobs up a few hundred at a time instead of one call each).
    /// </summary>
    public Dictionary<string, JobRecord> GetJobs(IReadOnlyCollection<string> keys) =>
        ReadAll($"SELECT {JobColumns} FROM jobs WHERE key IN (SELECT value FROM json_each($keys))", ReadJob, ("$keys", JsonSerializer.Serialize(keys)))
            .ToDictionary(r => r.Key, StringComparer.Ordinal);

    /// <summary>The files of the jobs of <paramref name="keys"/>, by job key, each job's in image and variant order: one query.</summary>
    public ILookup<string, OutputRecord> GetOutputs(IReadOnlyCollection<string> keys) =>
        ReadAll(
            $"{OutputsOf} job_key IN (SELECT value FROM json_each($keys)) ORDER BY job_key, image_index, variant",
            r => (Key: r.GetString(12), Output: ReadStampedOutput(r)),
            ("$keys", JsonSerializer.Serialize(keys)))
        .ToLookup(o => o.Key, o => o.Output, StringComparer.Ordinal);

    /// <summary>The images of a job that failed while it answered, by image.</summary>
    public Task<IReadOnlyList<ImageFailureRecord>> GetFailedImagesAsync(string jobKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ImageFailureRecord>>(ReadAll(
            "SELECT image_index, error_kind, error_code, error_message FROM image_failures WHERE job_key = $key ORDER BY image_index",
            r => new ImageFailureRecord(r.GetInt32(0), ReadFailure(r, 1)!),
            ("$key", jobKey)));
    }

    public Task<StatusCounts> CountByStatusAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var counts = ReadAll("SELECT status, count(*) FROM jobs GROUP BY status", r => (Status: JobStatusNames.Parse(r.GetString(0)), Count: r.GetInt32(1)));
        return Task.FromResult(new StatusCounts(counts.ToDictionary(c => c.Status, c => c.Count)));
    }

    /// <summary>
    /// The folder's current outputs, what manifest.csv/json list: every file of every <c>done</c> job, except files whose
    /// path a job finished later also wrote (a changed catalog row made a new job under the same name: the older one is
    /// superseded). Failed jobs, failed images and superseded jobs stay in the store (<c>status</c>). In manifest order,
    /// then image, then variant; streamed. The jobs are walked in <c>jobs_manifest_order</c> and each job's files are found
    /// in <c>outputs_order</c>, which is in the same order (<c>CROSS JOIN</c> fixes that join order in SQLite): without it
    /// SQLite collected every row of a million-job store and sorted them, wide columns included; by job key alone each
    /// job's look-up read a random page.
    /// </summary>
    public async IAsyncEnumerable<ManifestRow> ReadCurrentOutputsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var command = SqliteCommands.Create(_connection, CurrentOutputsSql);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        ManifestRow? job = null;
        var jobRow = -1L;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // A job's files come one after another: its columns (and variables) are read once, for its first file.
            var rowid = reader.GetInt64(CurrentOutputsJobRowColumn);
            if (job is null || rowid != jobRow)
            {
                job = ReadManifestJob(reader) with { Review = ReadDecision(reader, 30) };
                jobRow = rowid;
            }

            yield return job with { Output = ReadOutput(reader, 22) };
        }
    }

    /// <summary>
    /// The rows of <see cref="ReadCurrentOutputsAsync"/> as UTF-8 cells, without a string or record per row: what the
    /// end-of-run reports write. It reads on a connection of its own, to the same store.
    /// </summary>
    /// <param name="part">Which of <paramref name="parts"/> readers this is: it reads the chunks of ordinals
    /// (<see cref="ManifestCellReader.ChunkOrdinals"/>) whose number modulo <paramref name="parts"/> is <paramref name="part"/>,
    /// walking past the others' index entries without reading their rows.</param>
    /// <param name="parts">How many readers share the rows (a power of two).</param>
    internal ManifestCellReader ReadCurrentOutputCells(int part = 0, int parts = 1) =>
        parts == 1
            ? new(_connection.DataSource, CurrentOutputsSql)
            : new(_connection.DataSource, CurrentOutputsPartSql, ("$chunk_shift", ManifestCellReader.ChunkShift), ("$part_mask", parts - 1), ("$part", part));

    /// <summary><see cref="CurrentOutputsSql"/> for one of several readers (<see cref="ReadCurrentOutputCells"/>).</summary>
    private static readonly string CurrentOutputsPartSql = CurrentOutputsSql.Replace(
        "WHERE j.status = 'done'", "WHERE ((j.ordinal >> $chunk_shift) & $part_mask) = $part AND j.status = 'done'", StringComparison.Ordinal);

    /// <summary>Every variable name of the current outputs' jobs (row columns and matrix axes), sorted: manifest.csv's <c>var.*</c> columns.</summary>
    public Task<IReadOnlyList<string>> GetVariableNamesAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadVariableNames("status = 'done'"));
    }

    /// <summary>
    /// The distinct variable names of the jobs matching <paramref name="jobsCondition"/> (SQL over <c>jobs</c>), in SQLite's
    /// text order. Read as UTF-8 and checked against the previous job's names (<see cref="VariableNameSet"/>), not with SQL's
    /// json_each: that parsed every job's variables into rows, ~1.3 CPU-s at a million jobs, serial before the manifests'
    /// first row.
    /// </summary>
    private IReadOnlyList<string> ReadVariableNames(string jobsCondition)
    {
        var names = new VariableNameSet();
        ManifestCellReader.ForEachText(_connection.DataSource, $"SELECT variables_json FROM jobs WHERE {jobsCondition}", names.Add);
        return names.Sorted();
    }

    /// <summary>Estimated (of submitted jobs) and billed cost per provider and model.</summary>
    public Task<IReadOnlyList<CostBreakdown>> GetCostBreakdownAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<CostBreakdown>>(ReadAll(
            """
            SELECT provider, model, count(*), coalesce(sum(estimated_cost_micros), 0), coalesce(sum(billed_cost_micros), 0), coalesce(sum(billed_images), 0),
                coalesce(sum(billed_total_micros), 0), coalesce(sum(billed_images_total), 0)
            FROM jobs WHERE attempts > 0 GROUP BY provider, model ORDER BY provider, model
            """,
            r => new CostBreakdown(
                r.GetString(0), r.GetString(1), r.GetInt32(2),
                MoneyMicros.FromMicros(r.GetInt64(3)), MoneyMicros.FromMicros(r.GetInt64(4)), r.GetInt32(5),
                MoneyMicros.FromMicros(r.GetInt64(6)), r.GetInt32(7))));
    }

    /// <summary>Failed jobs grouped by failure kind.</summary>
    public Task<IReadOnlyDictionary<string, int>> GetFailuresByKindAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyDictionary<string, int>>(
            // "+status": a scan of the narrow jobs_totals index, not one wide-row lookup per failed job.
            CountsByKind("SELECT coalesce(error_kind, 'unknown'), count(*) FROM jobs WHERE +status = 'failed' GROUP BY 1 ORDER BY 1"));
    }

    /// <summary>Failed images (of jobs that answered), by kind, and the done jobs missing some of their images.</summary>
    public Task<ImageFailureCounts> GetImageFailureCountsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var byKind = CountsByKind("SELECT error_kind, count(*) FROM image_failures GROUP BY 1 ORDER BY 1");

        var partlyDone = Convert.ToInt32(SqliteCommands.Scalar(
            _connection,
            // From the (few) failed images to their jobs, not from every done job to its failed images (CROSS JOIN fixes that order).
            "SELECT count(*) FROM (SELECT DISTINCT job_key FROM image_failures) f CROSS JOIN jobs j ON j.key = f.job_key WHERE j.status = 'done'"),
            System.Globalization.CultureInfo.InvariantCulture);
        return Task.FromResult(new ImageFailureCounts(byKind.Values.Sum(), partlyDone, byKind));
    }

    /// <summary>The most recent failures, newest first: job key, output name and failure.</summary>
    public Task<IReadOnlyList<(string JobKey, string OutputName, JobFailure Failure)>> GetLastFailuresAsync(int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<(string, string, JobFailure)>>(ReadAll(
            "SELECT key, output_base_name, coalesce(error_kind, 'unknown'), error_code, coalesce(error_message, '') FROM jobs WHERE status = 'failed' ORDER BY updated_at DESC, ordinal DESC LIMIT $n",
            r => (r.GetString(0), r.GetString(1), ReadFailure(r, 2)!),
            ("$n", count)));
    }

    /// <summary>
    /// Generation latency (submit to answer, last attempt) at each of <paramref name="percentiles"/> (nearest-rank, each
    /// in (0, 1]), in one ordered pass: the latencies come sorted from the <c>jobs_latency</c> index (schema 6) and are
    /// read up to the highest rank asked for; nothing is sorted or kept in memory. Nulls when nothing was generated.
    /// </summary>
    public Task<long?[]> GetGenerationLatencyPercentilesMsAsync(IReadOnlyList<double> percentiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(percentiles);
        cancellationToken.ThrowIfCancellationRequested();
        var values = new long?[percentiles.Count];
        var count = (long)SqliteCommands.Scalar(_connection, $"SELECT count(*) FROM jobs WHERE {StateSchema.GeneratedCondition}")!;
        if (count == 0)
        {
            return Task.FromResult(values);
        }

        var ranks = percentiles.Select(p => Math.Max(1, (long)Math.Ceiling(p * count))).ToArray();
        var last = ranks.Max();
        using var command = SqliteCommands.Create(
            _connection,
            $"SELECT {StateSchema.LatencyExpression} FROM jobs WHERE {StateSchema.GeneratedCondition} ORDER BY {StateSchema.LatencyExpression} LIMIT $n",
            ("$n", last));
        using var reader = command.ExecuteReader();
        for (long rank = 1; rank <= last && reader.Read(); rank++)
        {
            for (var i = 0; i < ranks.Length; i++)
            {
                if (ranks[i] == rank)
                {
                    values[i] = reader.IsDBNull(0) ? null : reader.GetInt64(0);
                }
            }
        }

        return Task.FromResult(values);
    }

    /// <summary>
    /// What every run in this outputs folder has been billed, in total, earlier attempts of resubmitted jobs
    /// included (what <c>status</c> reports).
    /// </summary>
    public Task<(decimal CostUsd, int Images)> GetTotalBilledAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = SqliteCommands.Create(
            _connection, "SELECT coalesce(sum(billed_total_micros), 0), coalesce(sum(billed_images_total), 0) FROM jobs WHERE simulated = 0");
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult((MoneyMicros.FromMicros(reader.GetInt64(0)), reader.GetInt32(1)));
    }

    /// <summary>
    /// Paid requests whose outcome is unknown — the provider may have billed them, we never saw an answer — and the most
    /// they may have cost (their estimates): the current attempts still unknown and earlier ones replaced by a new
    /// submission. Billed plus this covers what the provider charged.
    /// </summary>
    public Task<(int Requests, decimal UpToUsd)> GetPossiblyBilledAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = SqliteCommands.Create(
            _connection,
            $"""
            SELECT coalesce(sum(unknown_requests + CASE WHEN {StateSchema.OutcomeUnknownCondition} THEN 1 ELSE 0 END), 0),
                coalesce(sum(unknown_micros + CASE WHEN {StateSchema.OutcomeUnknownCondition} THEN estimated_cost_micros ELSE 0 END), 0)
            FROM jobs WHERE simulated = 0
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult((reader.GetInt32(0), MoneyMicros.FromMicros(reader.GetInt64(1))));
    }

    /// <summary>Jobs whose results came from the built-in simulator (placeholders), and all jobs with results.</summary>
    public Task<(int Simulated, int Answered)> CountSimulatedAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = SqliteCommands.Create(
            // "+status": not through jobs_status (a row lookup per job) but a scan of the covering jobs_totals index.
            _connection, "SELECT coalesce(sum(simulated), 0), count(*) FROM jobs WHERE +status IN ('done', 'generated')");
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult((reader.GetInt32(0), reader.GetInt32(1)));
    }

    /// <summary>Images generated by one run and the span from its start to its last answer: its throughput.</summary>
    public Task<(int Images, long SpanMs)> GetRunThroughputAsync(string runId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = SqliteCommands.Create(
            _connection,
            """
            SELECT coalesce(sum(j.billed_images), 0), coalesce(max(j.generated_at), r.started_at) - r.started_at
            FROM runs r LEFT JOIN jobs j ON j.run_id = r.id AND j.generated_at IS NOT NULL
            WHERE r.id = $run
            """,
            ("$run", runId));
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() && !reader.IsDBNull(1) ? (reader.GetInt32(0), reader.GetInt64(1)) : (0, 0L));
    }

    /// <summary>The job's rows, for another folder's store to take over; null when this store does not know the job.</summary>
    public JobCopy? ReadJobCopy(string key, string sourceDirectory)
    {
        var job = ReadAll("SELECT * FROM jobs WHERE key = $key", ReadColumns, ("$key", key));
        if (job.Count == 0)
        {
            return null;
        }

        return new JobCopy(
            sourceDirectory,
            job[0],
            ReadAll("SELECT * FROM outputs WHERE job_key = $key", ReadColumns, ("$key", key)),
            ReadAll("SELECT * FROM image_failures WHERE job_key = $key", ReadColumns, ("$key", key)));
    }

    /// <summary>The latest run's start and its last answer (Unix ms; the answer null when none came): its span on the wall clock.</summary>
    public Task<(long StartedAt, long? LastAnswerAt)?> GetLatestRunSpanAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = SqliteCommands.Create(
            _connection,
            """
            SELECT r.started_at, max(j.generated_at)
            FROM runs r LEFT JOIN jobs j ON j.run_id = r.id AND j.generated_at IS NOT NULL
            WHERE r.id = (SELECT id FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1)
            GROUP BY r.id
            """);
        using var reader = command.ExecuteReader();
        return Task.FromResult<(long, long?)?>(reader.Read() ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)) : null);
    }

    /// <summary>The manifest of the latest run (path as given, SHA-256 of its text); null before any run.</summary>
    public Task<(string ManifestPath, string ManifestSha256)?> GetLatestManifestAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var command = SqliteCommands.Create(_connection, "SELECT manifest_path, manifest_sha256 FROM runs ORDER BY started_at DESC, rowid DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return Task.FromResult<(string, string)?>(reader.Read() ? (reader.GetString(0), reader.GetString(1)) : null);
    }

    public void Dispose() => _connection.Dispose();

    private static IReadOnlyDictionary<string, object?> ReadColumns(SqliteDataReader r)
    {
        var row = new Dictionary<string, object?>(r.FieldCount, StringComparer.Ordinal);
        for (var i = 0; i < r.FieldCount; i++)
        {
            row[r.GetName(i)] = r.IsDBNull(i) ? null : r.GetValue(i);
        }

        return row;
    }

    /// <summary>Every row of <paramref name="sql"/>, each read by <paramref name="read"/>.</summary>
    private List<T> ReadAll<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] values)
    {
        using var reader = SqliteCommands.Prepared(_connection, sql, values).ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A <c>SELECT kind, count(*)</c> as a dictionary sorted by kind.</summary>
    private SortedDictionary<string, int> CountsByKind(string sql) =>
        new(ReadAll(sql, r => (Kind: r.GetString(0), Count: r.GetInt32(1))).ToDictionary(k => k.Kind, k => k.Count), StringComparer.Ordinal);

    /// <summary>A manifest row from the <see cref="ManifestJobColumns"/> at the start of <paramref name="reader"/>'s row.</summary>
    private static ManifestRow ReadManifestJob(SqliteDataReader reader) => new(
        JobKey: reader.GetString(0),
        Ordinal: reader.GetInt64(1),
        Status: JobStatusNames.Parse(reader.GetString(2)),
        Provider: reader.GetString(3),
        Model: reader.GetString(4),
        ProviderModelId: reader.GetString(5),
        Prompt: reader.GetString(6),
        Size: reader.GetString(7),
        Seed: reader.IsDBNull(8) ? null : reader.GetInt32(8),
        SeedHonoured: reader.GetInt64(9) != 0,
        TaskId: reader.GetNullableString(10),
        Attempts: reader.GetInt32(11),
        EstimatedCostUsd: MoneyMicros.FromMicros(reader.GetInt64(12)),
        BilledCostUsd: MoneyMicros.FromMicros(reader.GetNullableInt64(13)),
        BilledImages: reader.IsDBNull(14) ? null : reader.GetInt32(14),
        Variables: JsonSerializer.Deserialize<SortedDictionary<string, string>>(reader.GetString(15)) ?? [],
        GenerationMs: reader.GetNullableInt64(16),
        TotalMs: reader.GetNullableInt64(17),
        Failure: ReadFailure(reader, 18),
        Output: null)
    {
        Simulated = reader.GetInt64(21) != 0,
    };

    private static JobRecord ReadJob(SqliteDataReader r) => new(
        Key: r.GetString(0),
        ProcessingKey: r.GetString(1),
        Status: JobStatusNames.Parse(r.GetString(2)),
        Provider: r.GetString(3),
        Model: r.GetString(4),
        TaskId: r.GetNullableString(5),
        Attempts: r.GetInt32(6),
        EstimatedCostUsd: MoneyMicros.FromMicros(r.GetInt64(7)),
        BilledCostUsd: MoneyMicros.FromMicros(r.GetNullableInt64(8)),
        BilledImages: r.IsDBNull(9) ? null : r.GetInt32(9),
        Failure: ReadFailure(r, 10),
        ResultUrls: r.GetNullableString(13) is { } urls ? JsonSerializer.Deserialize<string?[]>(urls) ?? [] : [],
        GeneratedAt: r.GetNullableInt64(14) is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
        OutputBaseName: r.GetString(15),
        FailedImageCount: r.GetInt32(16),
        Simulated: r.GetInt64(17) != 0);

    private static OutputRecord ReadStampedOutput(SqliteDataReader r) =>
        ReadOutput(r, 0) with { Stamp = r.IsDBNull(8) ? null : new(r.GetInt64(8), r.GetInt64(9), r.GetInt64(10), r.GetInt64(11)) };

    /// <summary>The failure in the kind, code and message columns from <paramref name="first"/>: the one place a stored kind is parsed.</summary>
    private static JobFailure? ReadFailure(SqliteDataReader r, int first) =>
        r.GetNullableString(first) is { } kind
            ? new JobFailure(FailureKind.Parse(kind), r.GetNullableString(first + 1), r.GetNullableString(first + 2) ?? "")
            : null;

    private static OutputRecord ReadOutput(SqliteDataReader r, int first) => new(
        r.GetInt32(first), r.GetString(first + 1), r.GetString(first + 2), r.GetString(first + 3),
        r.GetInt32(first + 4), r.GetInt32(first + 5), r.GetInt64(first + 6), r.GetString(first + 7));
}
