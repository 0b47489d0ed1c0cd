# Copies the one job of a real run's store into N synthetic jobs: 97 % done (an original and a thumb file each),
# 2 % failed, 1 % done with a failed image; latencies spread 0.8–6 s. Usage: make-store.py <state.db> <jobs>
import json, sqlite3, sys, hashlib, random
db, n = sys.argv[1], int(sys.argv[2])
random.seed(5)
c = sqlite3.connect(db)
c.execute("PRAGMA journal_mode=OFF"); c.execute("PRAGMA synchronous=OFF")
cols = [r[1] for r in c.execute("PRAGMA table_info(jobs)")]
job = dict(zip(cols, c.execute("SELECT * FROM jobs").fetchone()))
ocols = [r[1] for r in c.execute("PRAGMA table_info(outputs)")]
outs = [dict(zip(ocols, o)) for o in c.execute("SELECT * FROM outputs").fetchall()]
run_id = job["run_id"]
styles, colours = ["studio", "lifestyle", "flatlay", "model"], ["red", "blue", "green", "black", "white", "grey", "navy", "sand", "olive", "pink"]
base = job["submitting_at"] or 1_700_000_000_000
def jobs():
    for i in range(1, n):
        sku, style, colour = f"SKU-{i // 40:06d}", styles[(i // 10) % 4], colours[i % 10]
        key = hashlib.sha256(str(i).encode()).hexdigest()
        latency = random.randint(800, 6000)
        failed = i % 50 == 0
        row = dict(job, key=key, ordinal=i, prompt=f"a {style} photo of {sku} in {colour}",
                   variables_json=json.dumps({"colour": colour, "sku": sku, "style": style}, sort_keys=True),
                   output_base_name=f"{sku}/{style}-{colour}", submitting_at=base + i, submitted_at=base + i + 5,
                   generated_at=None if failed else base + i + latency, finished_at=base + i + latency + 50, updated_at=base + i + latency + 50)
        if failed:
            row.update(status="failed", error_kind="content_rejected", error_code="OutputImageSensitiveContentDetected",
                       error_message="The request failed because the output image may contain sensitive information.",
                       billed_cost_micros=None, billed_images=None, billed_total_micros=0, billed_images_total=0, result_urls=None)
        yield [row[k] for k in cols]
def outputs():
    for i in range(1, n):
        if i % 50 == 0:
            continue
        key = hashlib.sha256(str(i).encode()).hexdigest()
        sku, style, colour = f"SKU-{i // 40:06d}", styles[(i // 10) % 4], colours[i % 10]
        for o in outs:
            o = dict(o, job_key=key, path=o["path"].replace(job["output_base_name"], f"{sku}/{style}-{colour}"))
            yield [o[k] for k in ocols]
c.execute("BEGIN")
c.executemany(f"INSERT INTO jobs ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", jobs())
c.executemany(f"INSERT INTO outputs ({','.join(ocols)}) VALUES ({','.join('?' * len(ocols))})", outputs())
fcols = [r[1] for r in c.execute("PRAGMA table_info(image_failures)")]
c.executemany("INSERT INTO image_failures (job_key, image_index, error_kind, error_code, error_message) VALUES (?, 1, 'download_failed', NULL, 'connection reset')",
              ([hashlib.sha256(str(i).encode()).hexdigest()] for i in range(1, n) if i % 100 == 7))
c.execute("COMMIT")
print(f"store: {c.execute('SELECT count(*) FROM jobs').fetchone()[0]:,} jobs, {c.execute('SELECT count(*) FROM outputs').fetchone()[0]:,} files, run {run_id}")
