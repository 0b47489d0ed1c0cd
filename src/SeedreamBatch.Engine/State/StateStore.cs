using System.Text.Json;
using Microsoft.Data.Sqlite;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The durable record of an outputs folder (<c>&lt;outputs.dir&gt;/.seedream/state.db</c>): SQLite in WAL mode
/// with one writer connection behind a single-writer queue (<see cref="GroupCommitWriter"/>); reads go through
/// <see cref="StateReader"/>s on their own read-only connections, so <c>status</c> works while a run writes.
/// </summary>
/// <remarks>
/// <para>
/// <c>synchronous=FULL</c>: in WAL mode NORMAL survives a process crash but may lose the last commits on power
/// loss or an OS crash. A lost "submitting" row after the paid request went out is a possible second charge
/// on resume — so FULL, and every <c>Record…</c> task completes only once its write is on disk.
/// </para>
/// <para>
/// What a job costs in commits, and why none of them can wait for the next: "submitting" (before the paid request
/// goes out), "task id" (task dialects: the moment it is known), "generated" (billing and result URLs, before the
/// download), "originals" (each downloaded image), "done" (variants and the end). Each closes a window in which a
/// crash would pay twice or lose paid images; see the method of each. What makes them cheap is that they are
/// group-committed: the writes of all the jobs in flight that are waiting at the same moment share one
/// transaction and one fsync (measured in bench/README.md, "Engine").
/// </para>
/// </remarks>
public sealed class StateStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly GroupCommitWriter _writer;
    private readonly TimeProvider _time;
    private bool _disposed;

    private StateStore(string databasePath, SqliteConnection connection, TimeProvider time, PaidEndpoint endpoint)
    {
        DatabasePath = databasePath;
        Endpoint = endpoint;
        _connection = connection;
        _writer = new GroupCommitWriter(connection);
        _time = time;
    }

    public string DatabasePath { get; }

    /// <summary>Who answers the paid requests this store records (<c>RecordSubmittingAsync</c> writes it on each job).</summary>
    public PaidEndpoint Endpoint { get; }

    /// <summary>Test seam: thrown instead of a write when it returns an exception (disk full, SQLITE_BUSY in tests).</summary>
    internal Func<Exception?>? WriteFault
    {
        get => _writer.WriteFault;
        set => _writer.WriteFault = value;
    }

    /// <summary>Transactions committed since open, each one fsync of the WAL (tests and benchmarks).</summary>
    internal long Commits => _writer.Commits;

    /// <summary>Writes (<c>Record…</c> calls) committed since open.</summary>
    internal long Writes => _writer.Writes;

    /// <summary>The store's place inside an outputs folder.</summary>
    public static string PathFor(string outputsDirectory) => StoreLocations.StatePath(outputsDirectory);

    /// <summary>
    /// Opens (creating or upgrading) the store at <paramref name="databasePath"/>; <paramref name="endpoint"/> is who will
    /// answer the paid requests recorded through it (default <see cref="PaidEndpoint.Unspecified"/>, a real provider).
    /// </summary>
    public static StateStore Open(string databasePath, TimeProvider time, PaidEndpoint? endpoint = null)
    {
        SqliteCommands.EnsureInitialized();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        // busy_timeout (set by Connect) makes a reader's checkpoint or a second tool wait instead of failing with SQLITE_BUSY.
        var connection = Connect(databasePath, SqliteOpenMode.ReadWriteCreate);
        try
        {
            // WAL lets readers see the last commit while the writer goes on.
            SqliteCommands.Scalar(connection, "PRAGMA journal_mode=WAL;");
            SqliteCommands.Execute(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
            Migrate(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new StateStore(databasePath, connection, time, endpoint ?? PaidEndpoint.Unspecified);
    }

    /// <summary>A reader on its own read-only connection; dispose it when done.</summary>
    public StateReader OpenReader() => StateReader.Open(DatabasePath);

    public Task BeginRunAsync(RunRecord run, CancellationToken cancellationToken) =>
        WriteAsync(c => SqliteCommands.Execute(
            c,
            "INSERT INTO runs (id, started_at, manifest_path, manifest_sha256, tool_version, status) VALUES ($id, $now, $path, $hash, $version, 'running')",
            ("$id", run.Id), ("$now", Now()), ("$path", run.ManifestPath), ("$hash", run.ManifestSha256), ("$version", run.ToolVersion)),
            cancellationToken);

    /// <summary>Marks the run ended; <paramref name="status"/> is <c>completed</c>, <c>interrupted</c>, <c>budget_reached</c> or <c>failed</c>.</summary>
    public Task FinishRunAsync(string runId, string status, CancellationToken cancellationToken) =>
        WriteAsync(c => SqliteCommands.Execute(
            c, "UPDATE runs SET finished_at = $now, status = $status WHERE id = $id", ("$id", runId), ("$now", Now()), ("$status", status)),
            cancellationToken);

    // Built once: the condition names the failure kinds, so it is not a constant.
    private static readonly string CountEarlierUnknownOutcomeSql = $"""
        UPDATE jobs SET unknown_requests = unknown_requests + 1, unknown_micros = unknown_micros + estimated_cost_micros
        WHERE key = $key AND simulated = 0 AND {StateSchema.OutcomeUnknownCondition}
        """;

    /// <summary>
    /// Records that the paid request for <paramref name="job"/> is about to be sent. Must complete before
    /// the request goes out: a crash after sending finds this row and never pays silently again.
    /// Clears the previous attempt's task id, error, bill and outputs; the lifetime billed totals stay, except that a job
    /// leaving the simulator for a real provider starts them from zero (the simulator's bills were never money).
    /// Records <see cref="Endpoint"/> as the job's answerer.
    /// </summary>
    /// <remarks>
    /// Committed and awaited before sending (other jobs' writes may share its fsync; this job's next record cannot):
    /// sending first would leave a window in which a crash forgets a request the provider may bill.
    /// </remarks>
    public Task RecordSubmittingAsync(Job job, string runId, CancellationToken cancellationToken) =>
        RecordSubmittingAsync(job, null, null, runId, cancellationToken);

    /// <summary>
    /// <see cref="RecordSubmittingAsync(Job, string, CancellationToken)"/> for a request sent to one provider of a route:
    /// <paramref name="sent"/> is the request that provider gets (its name and model id are recorded as the job's, so a
    /// resume or <c>--retry-unknown</c> goes back to it), <paramref name="endpoint"/> its endpoint (null: the store's).
    /// </summary>
    public Task RecordSubmittingAsync(Job job, GenerationRequest? sent, string? endpoint, string runId, CancellationToken cancellationToken) =>
        WriteAsync(
            c =>
            {
                var now = Now();

                // Before the row takes this attempt: an earlier attempt of unknown outcome may have been billed, and stays
                // counted so once this one replaces it (never for the simulator's, which cost nothing).
                SqliteCommands.Execute(c, CountEarlierUnknownOutcomeSql, ("$key", job.Key));
                UpsertJob(c, job, runId, JobStatus.Submitting, now, sent);
                SqliteCommands.Execute(
                    c,
                    """
                    UPDATE jobs SET
                        billed_total_micros = CASE WHEN simulated = 1 AND $simulated = 0 THEN 0 ELSE billed_total_micros END,
                        billed_images_total = CASE WHEN simulated = 1 AND $simulated = 0 THEN 0 ELSE billed_images_total END,
                        unknown_requests = CASE WHEN simulated = 1 AND $simulated = 0 THEN 0 ELSE unknown_requests END,
                        unknown_micros = CASE WHEN simulated = 1 AND $simulated = 0 THEN 0 ELSE unknown_micros END,
                        endpoint = $endpoint, simulated = $simulated, attempts = attempts + 1, task_id = NULL, error_kind = NULL, error_code = NULL, error_message = NULL,
                        billed_cost_micros = NULL, billed_images = NULL, result_urls = NULL, submitted_at = NULL, generated_at = NULL,
                        finished_at = NULL, submitting_at = $now, started_at = COALESCE(started_at, $now)
                    WHERE key = $key
                    """,
                    ("$key", job.Key), ("$now", now), ("$endpoint", endpoint ?? Endpoint.Endpoint), ("$simulated", Endpoint.Simulated ? 1 : 0));
                SqliteCommands.Execute(c, "DELETE FROM outputs WHERE job_key = $key", ("$key", job.Key));
                SqliteCommands.Execute(c, "DELETE FROM image_failures WHERE job_key = $key", ("$key", job.Key));

                // A new paid answer is a new picture: a decision about the one before does not apply to it.
                SqliteCommands.Execute(c, "DELETE FROM reviews WHERE job_key = $key", ("$key", job.Key));
            },
            cancellationToken);

    /// <summary>
    /// Records a person's review decision (<see cref="ReviewDecisions"/>) for each of <paramref name="jobKeys"/>, or clears
    /// it when <paramref name="decision"/> is null. Keys the store does not know are ignored; returns how many were changed.
    /// </summary>
    public async Task<int> RecordReviewAsync(IReadOnlyList<string> jobKeys, string? decision, string? reason, string decidedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobKeys);
        if (decision is not null && !ReviewDecisions.IsKnown(decision))
        {
            throw new ArgumentException($"unknown review decision '{decision}'", nameof(decision));
        }

        var changed = 0;
        await WriteAsync(
            c =>
            {
                var now = Now();
                foreach (var key in jobKeys)
                {
                    changed += decision is null
                        ? SqliteCommands.Execute(c, "DELETE FROM reviews WHERE job_key = $key", ("$key", key))
                        : SqliteCommands.Execute(
                            c,
                            """
                            INSERT INTO reviews (job_key, decision, reason, decided_by, decided_at)
                            SELECT key, $decision, $reason, $by, $now FROM jobs WHERE key = $key
                            ON CONFLICT (job_key) DO UPDATE SET decision = $decision, reason = $reason, decided_by = $by, decided_at = $now
                            """,
                            ("$key", key), ("$decision", decision), ("$reason", string.IsNullOrWhiteSpace(reason) ? null : reason.Trim()), ("$by", decidedBy), ("$now", now));
                }
            },
            cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>
    /// Keeps the current version of an item as history before <c>redo</c> pays for a new one: the job <paramref name="sourceKey"/>
    /// (its request, bill and review) becomes version N of <paramref name="currentKey"/> with its files at
    /// <paramref name="movedOutputs"/> (already moved by the caller), and its outputs, failed images and review are cleared
    /// so the new answer starts "not reviewed". When the prompt changed the current key is a new job, and the old one is
    /// marked superseded by it (its history moves along).
    /// </summary>
    public Task ArchiveVersionAsync(string currentKey, string sourceKey, IReadOnlyList<OutputRecord> movedOutputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(movedOutputs);
        var outputsJson = JsonSerializer.Serialize(movedOutputs);
        return WriteAsync(
            c =>
            {
                var now = Now();
                if (currentKey != sourceKey)
                {
                    SqliteCommands.Execute(c, "UPDATE job_versions SET job_key = $current WHERE job_key = $source", ("$current", currentKey), ("$source", sourceKey));
                    SqliteCommands.Execute(c, "UPDATE jobs SET superseded_by = $current, updated_at = $now WHERE key = $source", ("$current", currentKey), ("$source", sourceKey), ("$now", now));
                }

                SqliteCommands.Execute(
                    c,
                    """
                    INSERT INTO job_versions (job_key, version, source_key, prompt, seed, billed_cost_micros, task_id, finished_at,
                        decision, reason, decided_by, decided_at, outputs_json, archived_at)
                    SELECT $current, (SELECT count(*) FROM job_versions WHERE job_key = $current) + 1, j.key, j.prompt, j.seed, j.billed_cost_micros,
                        j.task_id, j.finished_at, r.decision, r.reason, r.decided_by, r.decided_at, $outputs, $now
                    FROM jobs j LEFT JOIN reviews r ON r.job_key = j.key WHERE j.key = $source
                    """,
                    ("$current", currentKey), ("$source", sourceKey), ("$outputs", outputsJson), ("$now", now));
                SqliteCommands.Execute(c, "DELETE FROM outputs WHERE job_key = $source", ("$source", sourceKey));
                SqliteCommands.Execute(c, "DELETE FROM image_failures WHERE job_key = $source", ("$source", sourceKey));
                SqliteCommands.Execute(c, "DELETE FROM reviews WHERE job_key = $source", ("$source", sourceKey));
            },
            cancellationToken);
    }

    /// <summary>Records the provider's task id the moment it is known, so a resume polls it.</summary>
    /// <remarks>
    /// Not held back for the answer's record: the answer may take minutes, and a crash meanwhile without the id leaves "submitting" — an
    /// unknown outcome the next run cannot poll, so the paid task would be lost (or paid again with
    /// <c>--retry-unknown</c>).
    /// </remarks>
    public Task RecordTaskIdAsync(string jobKey, string taskId, CancellationToken cancellationToken) =>
        WriteAsync(c => SqliteCommands.Execute(
            c,
            "UPDATE jobs SET status = 'submitted', task_id = $task, submitted_at = $now, updated_at = $now WHERE key = $key",
            ("$key", jobKey), ("$task", taskId), ("$now", Now())),
            cancellationToken);

    /// <summary>Records the provider's answer: what it billed and where the images are (URLs expire; download follows at once).</summary>
    /// <remarks>
    /// Committed before the download rather than with the originals: a crash during the download must find
    /// the result URLs (to download again for free) and the bill (lifetime spend); without them a synchronous
    /// dialect's job reads as "submitting", an unknown outcome, and its paid images are lost.
    /// </remarks>
    public Task RecordGeneratedAsync(string jobKey, decimal billedCostUsd, int billedImages, IReadOnlyList<string?> resultUrls, CancellationToken cancellationToken) =>
        RecordGeneratedAsync(jobKey, billedCostUsd, billedImages, resultUrls, [], cancellationToken);

    /// <summary>
    /// Records the provider's answer with the images it reported failed (<paramref name="failedImages"/>, recorded with the
    /// bill they explain). <paramref name="resultUrls"/> is indexed by image: null where an image has no URL to fetch
    /// again (failed, or inline base64).
    /// </summary>
    public Task RecordGeneratedAsync(
        string jobKey, decimal billedCostUsd, int billedImages, IReadOnlyList<string?> resultUrls, IReadOnlyList<ImageFailureRecord> failedImages, CancellationToken cancellationToken) =>
        WriteAsync(
            c =>
            {
                SqliteCommands.Execute(
                    c,
                    """
                    UPDATE jobs SET status = 'generated', billed_cost_micros = $cost, billed_images = $images, result_urls = $urls,
                        billed_total_micros = billed_total_micros + $cost, billed_images_total = billed_images_total + $images,
                        generated_at = $now, updated_at = $now
                    WHERE key = $key
                    """,
                    ("$key", jobKey), ("$cost", MoneyMicros.ToMicros(billedCostUsd)), ("$images", billedImages),
                    ("$urls", JsonSerializer.Serialize(resultUrls)), ("$now", Now()));
                SqliteCommands.Execute(c, "DELETE FROM image_failures WHERE job_key = $key", ("$key", jobKey));
                InsertImageFailures(c, jobKey, failedImages);
            },
            cancellationToken);

    /// <summary>Records downloaded originals (the paid part is now safe on disk).</summary>
    /// <remarks>
    /// Committed before post-processing rather than with "done": inline (base64) images have no URL to fetch
    /// again, and URLs expire after about 24 h, so a crash while making variants would otherwise lose paid
    /// originals that are already on disk; with this record the next run only re-makes the variants.
    /// </remarks>
    public Task RecordOriginalsAsync(string jobKey, IReadOnlyList<OutputRecord> originals, CancellationToken cancellationToken) =>
        WriteAsync(
            c =>
            {
                SqliteCommands.Execute(c, "DELETE FROM outputs WHERE job_key = $key AND variant = $original", ("$key", jobKey), ("$original", OutputRecord.OriginalVariant));
                InsertOutputs(c, jobKey, originals);

                // An image fetched now (downloaded again with --retry-failed, say) is no longer a failed one.
                foreach (var original in originals)
                {
                    SqliteCommands.Execute(
                        c, "DELETE FROM image_failures WHERE job_key = $key AND image_index = $index", ("$key", jobKey), ("$index", original.ImageIndex));
                }
            },
            cancellationToken);

    /// <summary>
    /// Records the post-processed variants and marks the job done under <paramref name="processingKey"/>; an earlier
    /// failure (a download failure downloaded again with <c>--retry-failed</c>) is cleared.
    /// </summary>
    /// <remarks>The job's last commit: after it a rerun skips the job (or re-processes it when the recipe changes).</remarks>
    public Task RecordDoneAsync(string jobKey, string processingKey, IReadOnlyList<OutputRecord> variants, CancellationToken cancellationToken) =>
        RecordDoneAsync(jobKey, processingKey, variants, [], cancellationToken);

    /// <summary>Marks the job done with the images that could not be downloaded (<paramref name="failedImages"/>), if any.</summary>
    /// <remarks>
    /// Download failures wait for this record: until it, a crash leaves the job "generated" and the next run downloads
    /// them again for free.
    /// </remarks>
    public Task RecordDoneAsync(
        string jobKey, string processingKey, IReadOnlyList<OutputRecord> variants, IReadOnlyList<ImageFailureRecord> failedImages, CancellationToken cancellationToken) =>
        WriteAsync(
            c =>
            {
                InsertImageFailures(c, jobKey, failedImages);
                SqliteCommands.Execute(c, "DELETE FROM outputs WHERE job_key = $key AND variant <> $original", ("$key", jobKey), ("$original", OutputRecord.OriginalVariant));
                InsertOutputs(c, jobKey, variants);
                SqliteCommands.Execute(
                    c,
                    """
                    UPDATE jobs SET status = 'done', processing_key = $pkey, error_kind = NULL, error_code = NULL, error_message = NULL,
                        finished_at = $now, updated_at = $now
                    WHERE key = $key
                    """,
                    ("$key", jobKey), ("$pkey", processingKey), ("$now", Now()));
            },
            cancellationToken);

    /// <summary>Records that a job's files were moved to a new output name (<paramref name="moves"/>: old → new relative paths).</summary>
    public Task RecordRenamedAsync(string jobKey, string outputBaseName, IReadOnlyList<(string From, string To)> moves, CancellationToken cancellationToken) =>
        WriteAsync(
            c =>
            {
                foreach (var (from, to) in moves)
                {
                    SqliteCommands.Execute(c, "UPDATE outputs SET path = $to WHERE job_key = $key AND path = $from", ("$key", jobKey), ("$from", from), ("$to", to));
                }

                SqliteCommands.Execute(
                    c, "UPDATE jobs SET output_base_name = $base, updated_at = $now WHERE key = $key", ("$key", jobKey), ("$base", outputBaseName), ("$now", Now()));
            },
            cancellationToken);

    /// <summary>
    /// Takes over a job another folder's store holds (<paramref name="copy"/>, found through the pipeline ledger): its
    /// record, files and failed images, as that folder has them, under this run. Its lifetime bills start from zero here:
    /// they were spent, and are reported, in the folder that paid them.
    /// </summary>
    public Task ImportJobAsync(JobCopy copy, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(copy);
        return WriteAsync(
            c =>
            {
                var key = (string)copy.Job["key"]!;
                var job = new Dictionary<string, object?>(copy.Job, StringComparer.Ordinal)
                {
                    ["run_id"] = runId,
                    ["billed_total_micros"] = 0L,
                    ["billed_images_total"] = 0L,
                    ["unknown_requests"] = 0L,
                    ["unknown_micros"] = 0L,
                };
                SqliteCommands.Execute(c, "DELETE FROM outputs WHERE job_key = $key", ("$key", key));
                SqliteCommands.Execute(c, "DELETE FROM image_failures WHERE job_key = $key", ("$key", key));
                InsertColumns(c, "jobs", Columns(c, "jobs"), job);
                var outputColumns = Columns(c, "outputs");
                foreach (var row in copy.Outputs)
                {
                    InsertColumns(c, "outputs", outputColumns, row);
                }

                var failureColumns = Columns(c, "image_failures");
                foreach (var row in copy.ImageFailures)
                {
                    InsertColumns(c, "image_failures", failureColumns, row);
                }
            },
            cancellationToken);
    }

    /// <summary>Records a failure. Billing already recorded stays (a job can be charged and still fail to download).</summary>
    /// <remarks>
    /// A job's last commit when it fails (instead of "done"). Made right after the paid answer: a job left
    /// "submitting" would read as an unknown outcome on the next run.
    /// </remarks>
    public Task RecordFailedAsync(Job job, string runId, JobFailure failure, CancellationToken cancellationToken) =>
        RecordFailedAsync(job, runId, failure, [], cancellationToken);

    /// <summary>Records a failure with the images that could not be downloaded before it (<paramref name="failedImages"/>).</summary>
    public Task RecordFailedAsync(Job job, string runId, JobFailure failure, IReadOnlyList<ImageFailureRecord> failedImages, CancellationToken cancellationToken) =>
        WriteAsync(
            c =>
            {
                var now = Now();
                UpsertJob(c, job, runId, JobStatus.Failed, now);
                SqliteCommands.Execute(
                    c,
                    "UPDATE jobs SET error_kind = $kind, error_code = $code, error_message = $message, finished_at = $now WHERE key = $key",
                    ("$key", job.Key), ("$kind", failure.Kind.Name), ("$code", failure.Code), ("$message", failure.Message), ("$now", now));
                InsertImageFailures(c, job.Key, failedImages);
            },
            cancellationToken);

    /// <summary>Records that the budget stopped this job before it was sent.</summary>
    /// <remarks>The only commit of a job the budget kept back, so reports and <c>status</c> show why it has no files.</remarks>
    public Task RecordBudgetSkippedAsync(Job job, string runId, CancellationToken cancellationToken) =>
        WriteAsync(c => UpsertJob(c, job, runId, JobStatus.BudgetSkipped, Now()), cancellationToken);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // The writer first: writes already queued are committed before the connection closes.
        _writer.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// Brings a store written by an older seedream-batch to the current schema without taking it over as a writer (for
    /// readers). Opens it for writing only when it is older, so a current store on a read-only volume still reads.
    /// </summary>
    internal static void UpgradeIfOlder(string databasePath)
    {
        using (var reader = Connect(databasePath, SqliteOpenMode.ReadOnly))
        {
            if (!IsOlder(reader))
            {
                return;
            }
        }

        using var connection = Connect(databasePath, SqliteOpenMode.ReadWrite);
        SqliteCommands.Scalar(connection, "PRAGMA journal_mode=WAL;");
        SqliteCommands.Execute(connection, "PRAGMA synchronous=FULL;");
        Migrate(connection);
    }

    private static SqliteConnection Connect(string databasePath, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        SqliteCommands.Execute(connection, "PRAGMA busy_timeout=5000;");
        return connection;
    }

    private static bool IsOlder(SqliteConnection connection)
    {
        var hasVersionTable = SqliteCommands.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") is long n && n > 0;
        var version = hasVersionTable ? Convert.ToInt32(SqliteCommands.Scalar(connection, "SELECT max(version) FROM schema_version") ?? 0L) : 0;
        return version < StateSchema.CurrentVersion || !HasColumn(connection, "jobs", "simulated") || !HasColumn(connection, "outputs", "stat_inode")
            || !HasColumn(connection, "outputs", "job_ordinal");
    }

    private static void Migrate(SqliteConnection connection)
    {
        var hasVersionTable = SqliteCommands.Scalar(connection, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'") is long n && n > 0;
        var version = hasVersionTable ? Convert.ToInt32(SqliteCommands.Scalar(connection, "SELECT max(version) FROM schema_version") ?? 0L) : 0;
        if (version > StateSchema.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"the state store was written by a newer seedream-batch (schema {version}; this one knows up to {StateSchema.CurrentVersion})");
        }

        if (version < 1)
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version1));
        }

        if (version < 2)
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version2));
        }

        if (version < 3)
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version3));
        }

        // Schema 4 also when a store is past it without its columns: a store that a build without 4 (review's 5 came
        // first there) migrated from 3 straight to 5 still needs the simulated flag before anything reads it.
        if (version < 4 || !HasColumn(connection, "jobs", "simulated"))
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version4));
        }

        if (version < 5)
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version5));
        }

        // Both by what they add rather than by the highest number: development builds recorded 7 without 6, and 6 alone.
        if (SqliteCommands.Scalar(connection, "SELECT count(*) FROM schema_version WHERE version = 6") is 0L)
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version6));
        }

        if (!HasColumn(connection, "outputs", "stat_inode"))
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.Version7));
        }

        if (!HasColumn(connection, "outputs", "job_ordinal"))
        {
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, StateSchema.OutputsInJobOrder));
        }
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column) =>
        SqliteCommands.Scalar(connection, $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = $name", ("$name", column)) is long n && n > 0;

    /// <summary>Inserts the job's request columns, or updates them and the status when the row exists.</summary>
    /// <param name="sent">The request as a provider of a route takes it: its provider and model id replace the row's.</param>
    private void UpsertJob(SqliteConnection c, Job job, string runId, JobStatus status, long now, GenerationRequest? sent = null)
    {
        var request = sent ?? job.Request;
        SqliteCommands.Execute(
            c,
            """
            INSERT INTO jobs (key, processing_key, ordinal, status, run_id, provider, model, provider_model_id, estimated_cost_micros,
                updated_at, variables_json, prompt, size, seed, seed_honoured, images_requested, output_base_name, endpoint, simulated)
            VALUES ($key, $pkey, $ordinal, $status, $run, $provider, $model, $modelId, $estimate,
                $now, $variables, $prompt, $size, $seed, $honoured, $count, $base, $endpoint, $simulated)
            ON CONFLICT (key) DO UPDATE SET processing_key = $pkey, ordinal = $ordinal, status = $status, run_id = $run,
                estimated_cost_micros = $estimate, updated_at = $now, variables_json = $variables, output_base_name = $base,
                seed = $seed, seed_honoured = $honoured, superseded_by = NULL,
                provider = COALESCE($sentProvider, provider), provider_model_id = COALESCE($sentModelId, provider_model_id)
            """,
            ("$key", job.Key), ("$pkey", job.ProcessingKey), ("$ordinal", job.Ordinal), ("$status", status.ToName()), ("$run", runId),
            ("$provider", request.Dialect.ToName()), ("$model", request.Model.ToName()), ("$modelId", request.ProviderModelId),
            ("$estimate", MoneyMicros.ToMicros(job.EstimatedCostUsd)), ("$now", now),
            ("$variables", JsonSerializer.Serialize(new SortedDictionary<string, string>(job.Variables.ToDictionary(), StringComparer.Ordinal))),
            ("$prompt", request.Prompt), ("$size", request.Size.ToString()), ("$seed", job.RequestedSeed), ("$honoured", job.SeedHonoured ? 1 : 0),
            ("$count", request.ImageCount), ("$base", job.Output.RelativeBaseName), ("$endpoint", Endpoint.Endpoint), ("$simulated", Endpoint.Simulated ? 1 : 0),
            ("$sentProvider", sent?.Dialect.ToName()), ("$sentModelId", sent?.ProviderModelId));
    }

    /// <summary>The columns <paramref name="table"/> has, read once per table of a takeover rather than once per row.</summary>
    private static HashSet<string> Columns(SqliteConnection c, string table)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        using var info = SqliteCommands.Create(c, $"SELECT name FROM pragma_table_info('{table}')");
        using var reader = info.ExecuteReader();
        while (reader.Read())
        {
            known.Add(reader.GetString(0));
        }

        return known;
    }

    /// <summary>Inserts (or replaces) <paramref name="row"/>'s columns that <paramref name="table"/> has (<paramref name="known"/>).</summary>
    private static void InsertColumns(SqliteConnection c, string table, HashSet<string> known, IReadOnlyDictionary<string, object?> row)
    {
        var columns = row.Keys.Where(known.Contains).ToList();
        var values = columns.Select((name, i) => ($"$p{i}", row[name])).ToArray();
        SqliteCommands.Execute(
            c, $"INSERT OR REPLACE INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values.Select(v => v.Item1))})", values);
    }

    private static void InsertOutputs(SqliteConnection c, string jobKey, IReadOnlyList<OutputRecord> outputs)
    {
        foreach (var o in outputs)
        {
            SqliteCommands.Execute(
                c,
                """
                INSERT OR REPLACE INTO outputs (job_key, image_index, variant, path, format, width, height, bytes, sha256,
                    stat_size, stat_mtime_ns, stat_ctime_ns, stat_inode, job_ordinal)
                VALUES ($key, $index, $variant, $path, $format, $width, $height, $bytes, $sha, $ssize, $smtime, $sctime, $sinode,
                    (SELECT ordinal FROM jobs WHERE key = $key))
                """,
                ("$key", jobKey), ("$index", o.ImageIndex), ("$variant", o.Variant), ("$path", o.Path), ("$format", o.Format),
                ("$width", o.Width), ("$height", o.Height), ("$bytes", o.Bytes), ("$sha", o.Sha256),
                ("$ssize", o.Stamp?.Size), ("$smtime", o.Stamp?.ModifiedNs), ("$sctime", o.Stamp?.ChangedNs), ("$sinode", o.Stamp?.Inode));
        }
    }

    private static void InsertImageFailures(SqliteConnection c, string jobKey, IReadOnlyList<ImageFailureRecord> failures)
    {
        foreach (var f in failures)
        {
            SqliteCommands.Execute(
                c,
                """
                INSERT OR REPLACE INTO image_failures (job_key, image_index, error_kind, error_code, error_message)
                VALUES ($key, $index, $kind, $code, $message)
                """,
                ("$key", jobKey), ("$index", f.ImageIndex), ("$kind", f.Failure.Kind.Name), ("$code", f.Failure.Code), ("$message", f.Failure.Message));
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task WriteAsync(Action<SqliteConnection> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer.WriteAsync(write, cancellationToken);
    }
}
