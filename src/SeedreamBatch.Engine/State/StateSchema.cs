namespace SeedreamBatch.Engine.State;

/// <summary>The store's tables. A new version adds a migration step; old stores are upgraded on open.</summary>
internal static class StateSchema
{
    public const int CurrentVersion = 7;

    /// <summary>
    /// A job whose last paid request may have been billed without an answer we saw: sent and not answered (a crash, or a
    /// run still going), or failed with an unknown outcome (<see cref="FailureKind.IsUnknownOutcome"/>: by naming the
    /// plain kinds, so a kind this version does not know counts as unknown, as it does in code). SQL over <c>jobs</c>.
    /// </summary>
    public static readonly string OutcomeUnknownCondition =
        "(status IN ('submitting', 'submitted') OR (status = 'failed' AND error_kind NOT IN ("
        + string.Join(", ", FailureKind.All.Where(k => !k.IsUnknownOutcome).Select(k => $"'{k.Name}'"))
        + ")))";

    /// <summary>A job's generation latency (submit to answer, last attempt), as the <c>jobs_latency</c> index (schema 6) stores it.</summary>
    public const string LatencyExpression = "(generated_at - submitting_at)";

    /// <summary>The jobs that have a latency: the condition of the partial <c>jobs_latency</c> index, written the same way in queries.</summary>
    public const string GeneratedCondition = "generated_at IS NOT NULL";

    /// <summary>
    /// Money in integer micro-dollars, times in Unix milliseconds (UTC): both exact and summable in SQL.
    /// <c>result_urls</c> is kept so a crash between "generated" and "downloaded" can download again
    /// without paying (URLs live about 24 h).
    /// </summary>
    public const string Version1 = """
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            manifest_path TEXT NOT NULL,
            manifest_sha256 TEXT NOT NULL,
            tool_version TEXT NOT NULL,
            status TEXT NOT NULL);
        CREATE TABLE jobs (
            key TEXT PRIMARY KEY,
            processing_key TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            status TEXT NOT NULL,
            run_id TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            provider_model_id TEXT NOT NULL,
            task_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            estimated_cost_micros INTEGER NOT NULL,
            billed_cost_micros INTEGER,
            billed_images INTEGER,
            error_kind TEXT,
            error_code TEXT,
            error_message TEXT,
            started_at INTEGER,
            submitting_at INTEGER,
            submitted_at INTEGER,
            generated_at INTEGER,
            finished_at INTEGER,
            updated_at INTEGER NOT NULL,
            variables_json TEXT NOT NULL,
            prompt TEXT NOT NULL,
            size TEXT NOT NULL,
            seed INTEGER,
            seed_honoured INTEGER NOT NULL,
            images_requested INTEGER NOT NULL,
            output_base_name TEXT NOT NULL,
            result_urls TEXT);
        CREATE INDEX jobs_status ON jobs(status);
        CREATE INDEX jobs_ordinal ON jobs(ordinal);
        CREATE TABLE outputs (
            job_key TEXT NOT NULL REFERENCES jobs(key),
            image_index INTEGER NOT NULL,
            variant TEXT NOT NULL,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (job_key, image_index, variant));
        INSERT INTO schema_version (version) VALUES (1);
        """;

    /// <summary>
    /// Lifetime billing per job: <c>billed_cost_micros</c>/<c>billed_images</c> describe the current attempt and are
    /// cleared when a job is submitted again (<c>--force</c>, <c>--retry-failed</c>), but the money was spent; the
    /// totals only ever grow, and spend (status, summary) sums them. Existing rows start from what
    /// they show now (earlier attempts' bills were already lost).
    /// </summary>
    public const string Version2 = """
        ALTER TABLE jobs ADD COLUMN billed_total_micros INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN billed_images_total INTEGER NOT NULL DEFAULT 0;
        UPDATE jobs SET billed_total_micros = coalesce(billed_cost_micros, 0), billed_images_total = coalesce(billed_images, 0);
        INSERT INTO schema_version (version) VALUES (2);
        """;

    /// <summary>
    /// Per-image failures of jobs that answered: images the provider did not make while it made others, and billed
    /// images that could not be downloaded. Until schema 3 they were only written to the run log, so stores upgraded
    /// from 2 start with none (those jobs show only the images they kept).
    /// </summary>
    public const string Version3 = """
        CREATE TABLE image_failures (
            job_key TEXT NOT NULL REFERENCES jobs(key),
            image_index INTEGER NOT NULL,
            error_kind TEXT NOT NULL,
            error_code TEXT,
            error_message TEXT NOT NULL,
            PRIMARY KEY (job_key, image_index));
        INSERT INTO schema_version (version) VALUES (3);
        """;

    /// <summary>
    /// Which endpoint answered each paid request: <c>endpoint</c> (the base URL's scheme, host and port) and
    /// <c>simulated</c> (1 when the built-in simulator answered). A simulated result is never taken as done by a run
    /// against a real provider. Stores from before schema 4 did not record it: a job whose result URLs point at
    /// loopback (where only the built-in simulator serves) is marked simulated, every other one real, so an
    /// upgrade never pays again for a real image.
    /// <c>unknown_requests</c>/<c>unknown_micros</c>: earlier attempts of the job whose outcome stayed unknown (a crash
    /// after sending, a timeout) when it was submitted again: they may have been billed, up to their estimate; with the
    /// current attempt's unknown outcome they are what "may have been billed" reports.
    /// <c>outputs_path</c>: manifest.csv lists a path once, for the job that wrote it last (superseded jobs are left out).
    /// </summary>
    public const string Version4 = """
        ALTER TABLE jobs ADD COLUMN endpoint TEXT;
        ALTER TABLE jobs ADD COLUMN simulated INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN unknown_requests INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN unknown_micros INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX IF NOT EXISTS outputs_path ON outputs(path);
        UPDATE jobs SET simulated = 1
            WHERE result_urls LIKE '%://127.0.0.1:%' OR result_urls LIKE '%://localhost:%' OR result_urls LIKE '%://[::1]:%';
        INSERT INTO schema_version (version) VALUES (4);
        """;

    /// <summary>
    /// Review (schema 5; 4 is the simulated flag): a person's decision per job (<c>reviews</c>, cleared when the job is
    /// paid for again), and earlier versions of an item kept by <c>redo</c> (<c>job_versions</c>: what was paid, decided
    /// and where its files were moved). <c>superseded_by</c> links a job whose prompt changed to the job that replaced it
    /// in a redo, so the sheet and the manifests show only the current version. No foreign keys on the new tables: a
    /// version is kept under the key of the item's current job, which may not have a row yet when it is archived.
    /// </summary>
    public const string Version5 = """
        ALTER TABLE jobs ADD COLUMN superseded_by TEXT;
        CREATE TABLE reviews (
            job_key TEXT PRIMARY KEY,
            decision TEXT NOT NULL,
            reason TEXT,
            decided_by TEXT NOT NULL,
            decided_at INTEGER NOT NULL);
        CREATE TABLE job_versions (
            job_key TEXT NOT NULL,
            version INTEGER NOT NULL,
            source_key TEXT NOT NULL,
            prompt TEXT NOT NULL,
            seed INTEGER,
            billed_cost_micros INTEGER,
            task_id TEXT,
            finished_at INTEGER,
            decision TEXT,
            reason TEXT,
            decided_by TEXT,
            decided_at INTEGER,
            outputs_json TEXT NOT NULL,
            archived_at INTEGER NOT NULL,
            PRIMARY KEY (job_key, version));
        INSERT INTO schema_version (version) VALUES (5);
        """;

    /// <summary>
    /// Reading a million-job store in seconds (schema 6; additive, indexes only). <c>jobs_run</c>: a run's jobs and
    /// images (its throughput, the latest run's span) without a scan. <c>jobs_latency</c>: generation latencies in order,
    /// so the percentiles of <c>summary.json</c> are one walk of an index instead of three sorts of every job.
    /// <c>jobs_totals</c>: the columns <c>status</c>, <c>summary.json</c> and the review counts add up, so those sums read
    /// a narrow covering index instead of every wide job row (prompt, variables, URLs); provider and model first, so the
    /// cost breakdown groups without sorting.
    /// </summary>
    public const string Version6 = $"""
        CREATE INDEX IF NOT EXISTS jobs_run ON jobs(run_id, generated_at, billed_images);
        CREATE INDEX IF NOT EXISTS jobs_latency ON jobs{LatencyExpression} WHERE {GeneratedCondition};
        CREATE INDEX IF NOT EXISTS jobs_totals ON jobs(provider, model, status, simulated, error_kind, superseded_by, attempts,
            estimated_cost_micros, billed_cost_micros, billed_images, billed_total_micros, billed_images_total, unknown_requests, unknown_micros);
        INSERT INTO schema_version (version) VALUES (6);
        """;

    /// <summary>
    /// Stat fingerprints (schema 7): each file's size, modification and change times
    /// (ns) and inode when the engine wrote it (<see cref="Download.FileStamp"/>). A rerun trusts a file whose fingerprint is
    /// unchanged instead of hashing it; null (files recorded before this schema) means hash. Additive: older builds ignore
    /// the columns.
    /// </summary>
    public const string Version7 = """
        ALTER TABLE outputs ADD COLUMN stat_size INTEGER;
        ALTER TABLE outputs ADD COLUMN stat_mtime_ns INTEGER;
        ALTER TABLE outputs ADD COLUMN stat_ctime_ns INTEGER;
        ALTER TABLE outputs ADD COLUMN stat_inode INTEGER;
        INSERT INTO schema_version (version) VALUES (7);
        """;

    /// <summary>
    /// Each file row carries its job's <c>ordinal</c> (<c>outputs.job_ordinal</c>), indexed in manifest order
    /// (<c>outputs_order</c>), so the manifests walk jobs and files in one order: job keys are hashes, and looking each
    /// job's files up by key landed on a random page of the outputs index per job (a million random page reads at 1M
    /// jobs). SQLite keeps the copy right whoever writes (triggers): a file inserted gets its job's ordinal, a job
    /// renumbered by a later run moves its files. <c>jobs_manifest_order</c> gives the jobs in manifest order with ties
    /// (jobs of an older run under the same ordinal) by key, so the walk needs no sort at all. Additive, with no version
    /// number: a build that does not know the column still opens the store, and the triggers keep its writes in step.
    /// </summary>
    public const string OutputsInJobOrder = """
        ALTER TABLE outputs ADD COLUMN job_ordinal INTEGER;
        UPDATE outputs SET job_ordinal = (SELECT j.ordinal FROM jobs j WHERE j.key = outputs.job_key);
        CREATE INDEX outputs_order ON outputs(job_ordinal, job_key, image_index, variant);
        CREATE INDEX IF NOT EXISTS jobs_manifest_order ON jobs(ordinal, key);
        CREATE TRIGGER outputs_job_ordinal AFTER INSERT ON outputs
            WHEN new.job_ordinal IS NOT (SELECT j.ordinal FROM jobs j WHERE j.key = new.job_key)
            BEGIN UPDATE outputs SET job_ordinal = (SELECT j.ordinal FROM jobs j WHERE j.key = new.job_key) WHERE rowid = new.rowid; END;
        CREATE TRIGGER jobs_ordinal_outputs AFTER UPDATE OF ordinal ON jobs WHEN new.ordinal IS NOT old.ordinal
            BEGIN UPDATE outputs SET job_ordinal = new.ordinal WHERE job_key = new.key; END;
        CREATE TRIGGER jobs_insert_outputs AFTER INSERT ON jobs
            BEGIN UPDATE outputs SET job_ordinal = new.ordinal WHERE job_key = new.key AND job_ordinal IS NOT new.ordinal; END;
        """;
}
