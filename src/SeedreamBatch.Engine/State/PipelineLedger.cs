using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The pipeline ledger (<see cref="StoreLocations.LedgerPath(string, string, SeedreamBatch.Core.Sharding.ShardSpec?)"/>): for every job key of a pipeline, the outputs folder
/// whose state store holds it. A run consults it for a job its own folder does not know (a new <c>run.date</c> folder)
/// and takes the job over from that folder — its record and its files, linked or copied — instead of paying again.
/// </summary>
/// <remarks>
/// <para>
/// The ledger holds no money and no files, only where to look: everything else stays in the folders' stores, which
/// remain the whole truth of their folder (status, manifests, summaries). A lost or deleted ledger is rebuilt from the
/// folders as they are run again (<see cref="AdoptFolder"/>); a folder that is never run again is still found with
/// <c>--outputs DIR</c>/<c>--date</c>.
/// </para>
/// <para>
/// A job's home is written before its paid request goes out: for a chunk's new jobs at once (<see cref="ClaimHomesAsync"/>,
/// one commit before any of them is sent), for a job another folder held on its own (<see cref="RecordHomeAsync"/>,
/// group-committed like the store's writes). A crash after sending leaves a home that points at the "submitting" record,
/// so a run in any other folder sees the unknown outcome instead of paying blindly.
/// </para>
/// </remarks>
public sealed class PipelineLedger : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ledger_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS homes (
            job_key TEXT PRIMARY KEY,
            outputs_dir TEXT NOT NULL,
            updated_at INTEGER NOT NULL);
        INSERT INTO ledger_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM ledger_version);
        """;

    private readonly SqliteConnection? _connection;
    private readonly GroupCommitWriter? _writer;
    private readonly SqliteConnection _readConnection;
    private readonly Lock _readGate = new();
    private readonly TimeProvider _time;

    private PipelineLedger(string path, SqliteConnection? connection, SqliteConnection readConnection, TimeProvider time, SeedreamBatch.Core.Sharding.ShardSpec? shard)
    {
        LedgerPath = path;
        Shard = shard;
        _connection = connection;
        _readConnection = readConnection;
        _writer = connection is null ? null : new GroupCommitWriter(connection);
        _time = time;
    }

    public string LedgerPath { get; }

    /// <summary>The shard whose ledger this is (a shard worker's); null: the pipeline's. Its homes hold that shard's stores.</summary>
    public SeedreamBatch.Core.Sharding.ShardSpec? Shard { get; }

    /// <summary>The state store of <paramref name="outputsDirectory"/> that this ledger's homes refer to.</summary>
    public string StorePathOf(string outputsDirectory) => StoreLocations.StatePath(outputsDirectory, Shard);

    /// <summary>Opens (creating) the ledger at <paramref name="path"/>.</summary>
    public static PipelineLedger Open(string path, TimeProvider time, SeedreamBatch.Core.Sharding.ShardSpec? shard = null)
    {
        SqliteCommands.EnsureInitialized();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = Connect(path, SqliteOpenMode.ReadWriteCreate);
        SqliteConnection? reader = null;
        try
        {
            SqliteCommands.Scalar(connection, "PRAGMA journal_mode=WAL;");
            SqliteCommands.Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
            SqliteCommands.InTransaction(connection, c => SqliteCommands.Execute(c, Schema));
            reader = Connect(path, SqliteOpenMode.ReadOnly);
            SqliteCommands.Execute(reader, "PRAGMA busy_timeout=5000;");
        }
        catch
        {
            reader?.Dispose();
            connection.Dispose();
            throw;
        }

        return new PipelineLedger(path, connection, reader, time, shard);
    }

    /// <summary>Opens the ledger at <paramref name="path"/> to read only (plan, status); null when there is none yet.</summary>
    public static PipelineLedger? OpenReadOnly(string path, SeedreamBatch.Core.Sharding.ShardSpec? shard = null)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        SqliteCommands.EnsureInitialized();
        var reader = Connect(path, SqliteOpenMode.ReadOnly);
        SqliteCommands.Execute(reader, "PRAGMA busy_timeout=5000;");
        return new PipelineLedger(path, null, reader, TimeProvider.System, shard);
    }

    /// <summary>The outputs folder (absolute) whose store holds <paramref name="jobKey"/>; null when no folder does. Thread-safe.</summary>
    public string? FindHome(string jobKey)
    {
        lock (_readGate)
        {
            return SqliteCommands.Scalar(_readConnection, "SELECT outputs_dir FROM homes WHERE job_key = $key", ("$key", jobKey)) as string;
        }
    }

    /// <summary>
    /// The homes of <paramref name="jobKeys"/> that some folder holds, by job key (one query for the lot, where
    /// <see cref="FindHome"/> is one per job). Thread-safe.
    /// </summary>
    public Dictionary<string, string> FindHomes(IReadOnlyCollection<string> jobKeys)
    {
        var homes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (jobKeys.Count == 0)
        {
            return homes;
        }

        lock (_readGate)
        {
            using var reader = SqliteCommands.Prepared(
                _readConnection,
                "SELECT job_key, outputs_dir FROM homes WHERE job_key IN (SELECT value FROM json_each($keys))",
                ("$keys", JsonSerializer.Serialize(jobKeys))).ExecuteReader();
            while (reader.Read())
            {
                homes[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return homes;
    }

    /// <summary>
    /// Makes <paramref name="outputsDirectory"/> the home of those of <paramref name="jobKeys"/> that no folder holds yet
    /// (a home already recorded is kept), in one commit; durable when the task completes. A run claims a chunk of new jobs
    /// this way before any of them is sent, instead of one commit per job: a home whose job was never sent leads another
    /// folder to a store without its record, which is the same as no home (the job is paid there as new).
    /// </summary>
    public Task ClaimHomesAsync(IReadOnlyCollection<string> jobKeys, string outputsDirectory, CancellationToken cancellationToken) =>
        jobKeys.Count == 0
            ? Task.CompletedTask
            : Writer.WriteAsync(
                c => SqliteCommands.Execute(
                    c,
                    "INSERT OR IGNORE INTO homes (job_key, outputs_dir, updated_at) SELECT value, $dir, $now FROM json_each($keys)",
                    ("$keys", JsonSerializer.Serialize(jobKeys)), ("$dir", outputsDirectory), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())),
                cancellationToken);

    /// <summary>Records that <paramref name="outputsDirectory"/>'s store now holds the job; durable when the task completes.</summary>
    public Task RecordHomeAsync(string jobKey, string outputsDirectory, CancellationToken cancellationToken) =>
        Writer.WriteAsync(
            c => SqliteCommands.Execute(
                c,
                "INSERT INTO homes (job_key, outputs_dir, updated_at) VALUES ($key, $dir, $now) ON CONFLICT (job_key) DO UPDATE SET outputs_dir = $dir, updated_at = $now",
                ("$key", jobKey), ("$dir", outputsDirectory), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds())),
            cancellationToken);

    /// <summary>
    /// Gives every job of the folder's store that no folder holds yet this folder as home: folders made before the
    /// ledger existed (or after it was lost) become findable once they are run or inspected again. One statement.
    /// </summary>
    public void AdoptFolder(string outputsDirectory)
    {
        var connection = _connection ?? throw new InvalidOperationException("the ledger was opened read-only");
        var state = StorePathOf(outputsDirectory);
        if (!File.Exists(state))
        {
            return;
        }

        // ATTACH cannot run inside a transaction, so not through the writer; the run holds the pipeline lock, so
        // nothing else writes the ledger meanwhile.
        SqliteCommands.Execute(connection, "ATTACH DATABASE $path AS folder", ("$path", state));
        try
        {
            SqliteCommands.Execute(
                connection,
                "INSERT OR IGNORE INTO homes (job_key, outputs_dir, updated_at) SELECT key, $dir, $now FROM folder.jobs",
                ("$dir", outputsDirectory), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        }
        finally
        {
            SqliteCommands.Execute(connection, "DETACH DATABASE folder");
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _connection?.Dispose();
        _readConnection.Dispose();
    }

    private GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("the ledger was opened read-only");

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
