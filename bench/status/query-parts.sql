-- The report query's parts, timed with the sqlite3 shell on a bench store (bench/README.md, "Reports, second step"):
--   /usr/bin/time sqlite3 bench/.work/status/base-1000000/out/.seedream/state.db < bench/status/query-parts.sql
-- Prefix 'PRAGMA mmap_size=4000000000;' or 'PRAGMA cache_size=-65536;' to compare.
.timer on
.output /dev/null
SELECT j.key, j.ordinal, j.status, j.provider, j.model, j.provider_model_id, j.prompt, j.size, j.seed, j.seed_honoured,
        j.task_id, j.attempts, j.estimated_cost_micros, j.billed_cost_micros, j.billed_images, j.variables_json,
        j.generated_at - j.submitting_at, j.finished_at - j.started_at, j.error_kind, j.error_code, j.error_message, j.simulated
FROM jobs j INDEXED BY jobs_ordinal WHERE j.status = 'done' AND j.superseded_by IS NULL ORDER BY j.ordinal, j.key;
.output stdout
SELECT count(*) FROM jobs j INDEXED BY jobs_ordinal WHERE j.status = 'done' AND j.superseded_by IS NULL;
SELECT sum(length(o.path)) FROM jobs j INDEXED BY jobs_ordinal CROSS JOIN outputs o ON o.job_key = j.key WHERE j.status = 'done' AND j.superseded_by IS NULL;
SELECT sum(length(o.path)) FROM outputs o;
