using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.Output;
using SQLitePCL;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The rows of <see cref="StateReader.ReadCurrentOutputsAsync"/>, read into <see cref="ManifestJobCells"/> and
/// <see cref="ManifestFileCells"/> (a <see cref="ManifestBatch"/>'s) straight from SQLite's row (the statement stepped
/// through SQLitePCLRaw, each text column copied as the UTF-8 SQLite holds): the end-of-run reports of a million jobs
/// make no string, record or dictionary per row. Reads on a read-only connection of its own, used by one thread at a time
/// and so opened without SQLite's per-call mutex (<c>SQLITE_OPEN_NOMUTEX</c>): each of the ~40 million column reads of a
/// million-job manifest took and released the connection's mutex, an eighth of the reading thread's time.
/// </summary>
internal sealed class ManifestCellReader : IDisposable
{
    /// <summary>log2 of <see cref="ChunkOrdinals"/>; the SQL's <c>$chunk_shift</c>.</summary>
    internal const int ChunkShift = 8;

    /// <summary>Ordinals per chunk: about one batch of rows (two files a job), so a reader runs a few chunks ahead.</summary>
    internal const int ChunkOrdinals = 1 << ChunkShift;

    /// <summary>SQLite's NULL column type.</summary>
    private const int Null = 5;

    private readonly sqlite3 _connection;
    private readonly sqlite3_stmt _statement;

    /// <summary>The statement's native handle: columns are read through <see cref="Native"/>, a plain call each.</summary>
    private readonly IntPtr _handle;
    private long _jobRow = -1;
    private bool _held;
    private bool _done;

    /// <param name="databasePath">The store.</param>
    /// <param name="sql">The query; its parameters (<c>$name</c>) are bound to <paramref name="parameters"/>.</param>
    /// <param name="parameters">Integer parameters by name.</param>
    internal ManifestCellReader(string databasePath, string sql, params (string Name, long Value)[] parameters)
    {
        var rc = raw.sqlite3_open_v2(databasePath, out _connection, raw.SQLITE_OPEN_READONLY | raw.SQLITE_OPEN_NOMUTEX, null);
        try
        {
            Check(rc);
            Check(raw.sqlite3_busy_timeout(_connection, 5000));
            Check(raw.sqlite3_prepare_v2(_connection, sql, out _statement));
            foreach (var (name, value) in parameters)
            {
                Check(raw.sqlite3_bind_int64(_statement, raw.sqlite3_bind_parameter_index(_statement, name), value));
            }
        }
        catch
        {
            _connection.Dispose();
            throw;
        }

        _handle = _statement.DangerousGetHandle();
    }

    /// <summary>The row read last is the first of another job than the row before.</summary>
    public bool IsNewJob { get; private set; }

    /// <summary>
    /// The chunk of ordinals the row read last belongs to: <see cref="ChunkOrdinals"/> consecutive ordinals. Reading the
    /// manifest on two threads, each reads every other chunk (<see cref="StateReader.ReadCurrentOutputCells"/>).
    /// </summary>
    public long Chunk { get; private set; }

    /// <summary>Steps to the next row; false at the end. Then <see cref="ReadJob"/> (when needed) and <see cref="ReadFile"/> read it.</summary>
    public bool Read()
    {
        if (_held)
        {
            _held = false;
            return true;
        }

        if (_done)
        {
            return false;
        }

        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_DONE)
        {
            // Stepping again would run the statement again from the start.
            _done = true;
            return false;
        }

        if (rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }

        Chunk = Int64NotNull(1) >> ChunkShift;

        // A job's files come one after another: its columns need reading once, for its first file.
        var rowid = Int64NotNull(StateReader.CurrentOutputsJobRowColumn);
        IsNewJob = rowid != _jobRow;
        _jobRow = rowid;
        return true;
    }

    /// <summary>
    /// Calls <paramref name="onText"/> with the first column of each row of <paramref name="sql"/> as the UTF-8 SQLite holds
    /// (valid during the call; NULLs skipped), on a connection of its own as the manifest's rows are read.
    /// </summary>
    internal static void ForEachText(string databasePath, string sql, Utf8TextAction onText)
    {
        using var reader = new ManifestCellReader(databasePath, sql);
        int rc;
        while ((rc = raw.sqlite3_step(reader._statement)) == raw.SQLITE_ROW)
        {
            if (reader.Type(0) != Null)
            {
                onText(reader.Text(0));
            }
        }

        if (rc != raw.SQLITE_DONE)
        {
            reader.Check(rc);
        }
    }

    /// <summary>The row read last is returned again by the next <see cref="Read"/> (it begins another batch).</summary>
    public void Hold() => _held = true;

    public void Dispose()
    {
        _statement.Dispose();
        _connection.Dispose();
    }

    /// <summary>The row's job columns (<see cref="StateReader"/>'s <c>ManifestJobColumns</c>) and review (30–33).</summary>
    public void ReadJob(ManifestJobCells job)
    {
        job.Next();
        job.Set(JobText.JobKey, Text(0));
        job.Ordinal = Int64NotNull(1);
        job.Set(JobText.Status, Text(2));
        job.Set(JobText.Provider, Text(3));
        job.Set(JobText.Model, Text(4));
        job.Set(JobText.ProviderModelId, Text(5));
        job.Set(JobText.Prompt, Text(6));
        job.Set(JobText.Size, Text(7));
        job.Seed = (int?)Int64(8);
        job.SeedHonoured = Int64NotNull(9) != 0;
        SetText(job, JobText.TaskId, 10);
        job.Attempts = (int)Int64NotNull(11);
        job.EstimatedCostUsd = MoneyMicros.FromMicros(Int64NotNull(12));
        job.BilledCostUsd = MoneyMicros.FromMicros(Int64(13));
        job.BilledImages = (int?)Int64(14);
        job.Variables.LoadStored(Text(15));
        job.GenerationMs = Int64(16);
        job.TotalMs = Int64(17);
        job.Simulated = Int64NotNull(21) != 0;
        if (Type(30) == Null)
        {
            job.SetReview(null);
        }
        else
        {
            job.SetReview(new Review.ReviewDecision(
                Encoding.UTF8.GetString(Text(30)),
                Type(31) == Null ? null : Encoding.UTF8.GetString(Text(31)),
                Type(32) == Null ? "" : Encoding.UTF8.GetString(Text(32)),
                DateTimeOffset.FromUnixTimeMilliseconds(Int64(33) ?? 0)));
        }
    }

    /// <summary>The row's file columns (22–29) and its job's failure (18–20: none without a kind, as <see cref="JobFailure"/> reads).</summary>
    public void ReadFile(ManifestFileCells file)
    {
        file.Clear();
        if (Type(18) != Null)
        {
            file.Set(RowText.ErrorKind, Text(18));
            SetText(file, RowText.ErrorCode, 19);
            if (Type(20) == Null)
            {
                file.Set(RowText.ErrorMessage, ""u8);
            }
            else
            {
                file.Set(RowText.ErrorMessage, Text(20));
            }
        }

        file.ImageIndex = (int)Int64NotNull(22);
        file.Set(RowText.Variant, Text(23));
        file.Set(RowText.Path, Text(24));
        file.Set(RowText.Format, Text(25));
        file.Width = (int)Int64NotNull(26);
        file.Height = (int)Int64NotNull(27);
        file.Bytes = Int64NotNull(28);
        file.Set(RowText.Sha256, Text(29));
    }

    private void SetText<TCell>(Utf8Cells<TCell> cells, TCell cell, int column)
        where TCell : struct, Enum
    {
        if (Type(column) == Null)
        {
            cells.Set(cell, (string?)null);
        }
        else
        {
            cells.Set(cell, Text(column));
        }
    }

    private long? Int64(int column) => Type(column) == Null ? null : Int64NotNull(column);

    /// <summary>The column's type (<see cref="Null"/> for NULL).</summary>
    private int Type(int column) => Native.ColumnType(_handle, column);

    private long Int64NotNull(int column) => Native.ColumnInt64(_handle, column);

    /// <summary>A text column's UTF-8 bytes, in SQLite's buffer: valid until the next step.</summary>
    private unsafe ReadOnlySpan<byte> Text(int column)
    {
        var bytes = Native.ColumnBlob(_handle, column);
        return new ReadOnlySpan<byte>((void*)bytes, Native.ColumnBytes(_handle, column));
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_connection).utf8_to_string()}'.", rc);
        }
    }

    /// <summary>
    /// SQLite's column functions, called directly on the bundled library (the one SQLitePCLRaw loads): through SQLitePCLRaw
    /// each of the ~40 million column reads of a million-job manifest paid for a safe-handle reference count.
    /// </summary>
    private static class Native
    {
        private const string Library = "e_sqlite3";

        [DllImport(Library, EntryPoint = "sqlite3_column_type")]
        public static extern int ColumnType(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_int64")]
        public static extern long ColumnInt64(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_blob")]
        public static extern IntPtr ColumnBlob(IntPtr statement, int column);

        [DllImport(Library, EntryPoint = "sqlite3_column_bytes")]
        public static extern int ColumnBytes(IntPtr statement, int column);
    }
}

/// <summary>Receives a text column's UTF-8 bytes (<see cref="ManifestCellReader.ForEachText"/>).</summary>
internal delegate void Utf8TextAction(ReadOnlySpan<byte> text);
