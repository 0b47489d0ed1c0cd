using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.Output;
using SQLitePCL;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// The rows of <see cref="StateReader.ReadCurrentOutputsAsync"/>, read into <see cref="ManifestJobCells"/> and
/// <see cref="ManifestFileCells"/> (a <see cref="ManifestBatch"/>'s) straight from SQLite's row (the statement stepped through SQLitePCLRaw, each text
/// column copied as the UTF-8 SQLite holds): the end-of-run reports of a million jobs make no string, record or
/// dictionary per row. Uses its reader's connection; not thread-safe.
/// </summary>
internal sealed class ManifestCellReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    private long _jobRow = -1;

    internal ManifestCellReader(SqliteConnection connection, string sql)
    {
        _connection = connection;
        Check(raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement));
    }

    /// <summary>The row read last is the first of another job than the row before.</summary>
    public bool IsNewJob { get; private set; }

    /// <summary>Steps to the next row; false at the end. Then <see cref="ReadJob"/> (when needed) and <see cref="ReadFile"/> read it.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        if (rc != raw.SQLITE_ROW)
        {
            Check(rc);
        }

        // A job's files come one after another: its columns need reading once, for its first file.
        var rowid = raw.sqlite3_column_int64(_statement, StateReader.CurrentOutputsJobRowColumn);
        IsNewJob = rowid != _jobRow;
        _jobRow = rowid;
        return true;
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>The row's job columns (<see cref="StateReader"/>'s <c>ManifestJobColumns</c>) and review (33–36).</summary>
    public void ReadJob(ManifestJobCells job)
    {
        var s = _statement;
        job.Next();
        job.Set(JobText.JobKey, raw.sqlite3_column_blob(s, 0));
        job.Ordinal = raw.sqlite3_column_int64(s, 1);
        job.Set(JobText.Status, raw.sqlite3_column_blob(s, 2));
        job.Set(JobText.Provider, raw.sqlite3_column_blob(s, 3));
        job.Set(JobText.Model, raw.sqlite3_column_blob(s, 4));
        job.Set(JobText.ProviderModelId, raw.sqlite3_column_blob(s, 5));
        job.Set(JobText.Prompt, raw.sqlite3_column_blob(s, 6));
        job.Set(JobText.Size, raw.sqlite3_column_blob(s, 7));
        job.Seed = (int?)Int64(8);
        job.SeedHonoured = raw.sqlite3_column_int64(s, 9) != 0;
        SetText(job, JobText.TaskId, 10);
        job.Attempts = (int)raw.sqlite3_column_int64(s, 11);
        job.EstimatedCostUsd = MoneyMicros.FromMicros(raw.sqlite3_column_int64(s, 12));
        job.BilledCostUsd = MoneyMicros.FromMicros(Int64(13));
        job.BilledImages = (int?)Int64(14);
        job.Variables.LoadStored(raw.sqlite3_column_blob(s, 15));
        job.GenerationMs = Int64(16);
        job.TotalMs = Int64(17);
        job.Simulated = raw.sqlite3_column_int64(s, 21) != 0;
        if (raw.sqlite3_column_type(s, 33) == raw.SQLITE_NULL)
        {
            job.SetReview(null);
        }
        else
        {
            job.SetReview(new Review.ReviewDecision(
                raw.sqlite3_column_text(s, 33).utf8_to_string(),
                raw.sqlite3_column_type(s, 34) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(s, 34).utf8_to_string(),
                raw.sqlite3_column_type(s, 35) == raw.SQLITE_NULL ? "" : raw.sqlite3_column_text(s, 35).utf8_to_string(),
                DateTimeOffset.FromUnixTimeMilliseconds(Int64(36) ?? 0)));
        }
    }

    /// <summary>The row's file columns (22–29) and its job's failure (18–20: none without a kind, as <see cref="JobFailure"/> reads).</summary>
    public void ReadFile(ManifestFileCells file)
    {
        var s = _statement;
        file.Clear();
        if (raw.sqlite3_column_type(s, 18) != raw.SQLITE_NULL)
        {
            file.Set(RowText.ErrorKind, raw.sqlite3_column_blob(s, 18));
            SetText(file, RowText.ErrorCode, 19);
            if (raw.sqlite3_column_type(s, 20) == raw.SQLITE_NULL)
            {
                file.Set(RowText.ErrorMessage, ""u8);
            }
            else
            {
                file.Set(RowText.ErrorMessage, raw.sqlite3_column_blob(s, 20));
            }
        }

        file.ImageIndex = (int)raw.sqlite3_column_int64(s, 22);
        file.Set(RowText.Variant, raw.sqlite3_column_blob(s, 23));
        file.Set(RowText.Path, raw.sqlite3_column_blob(s, 24));
        file.Set(RowText.Format, raw.sqlite3_column_blob(s, 25));
        file.Width = (int)raw.sqlite3_column_int64(s, 26);
        file.Height = (int)raw.sqlite3_column_int64(s, 27);
        file.Bytes = raw.sqlite3_column_int64(s, 28);
        file.Set(RowText.Sha256, raw.sqlite3_column_blob(s, 29));
    }

    private void SetText<TCell>(Utf8Cells<TCell> cells, TCell cell, int column)
        where TCell : struct, Enum
    {
        if (raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL)
        {
            cells.Set(cell, (string?)null);
        }
        else
        {
            cells.Set(cell, raw.sqlite3_column_blob(_statement, column));
        }
    }

    private long? Int64(int column) =>
        raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(_statement, column);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}'.", rc);
        }
    }
}
