using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Engine.State;

/// <summary>Small helpers so each statement is one line of SQL plus its named values.</summary>
internal static class SqliteCommands
{
    private static int _initialized;

    /// <summary>The bundled native SQLite must be wired up once per process before the first connection.</summary>
    public static void EnsureInitialized()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }
    }

    public static SqliteCommand Create(SqliteConnection connection, string sql, params (string Name, object? Value)[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] values) =>
        Prepared(connection, sql, values).ExecuteNonQuery();

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] values)
    {
        var result = Prepared(connection, sql, values).ExecuteScalar();
        return result is DBNull ? null : result;
    }

    /// <summary>
    /// The connection's command for <paramref name="sql"/>, prepared once and kept (see <see cref="StatementCache"/>), with
    /// <paramref name="values"/> bound. Not to be disposed by the caller; a reader from it must be disposed before the same
    /// SQL runs again on this connection.
    /// </summary>
    public static SqliteCommand Prepared(SqliteConnection connection, string sql, params (string Name, object? Value)[] values) =>
        StatementCache.For(connection).Get(sql, values);

    /// <summary>
    /// Runs <paramref name="work"/> in one IMMEDIATE transaction (the write lock is taken up front, so a
    /// concurrent reader's snapshot never turns this into a busy upgrade halfway through).
    /// </summary>
    public static void InTransaction(SqliteConnection connection, Action<SqliteConnection> work)
    {
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            work(connection);
            Execute(connection, "COMMIT;");
        }
        catch
        {
            // SQLite ends the transaction by itself on some errors (disk full, I/O); a ROLLBACK then would throw and
            // hide the error that matters.
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                Execute(connection, "ROLLBACK;");
            }

            throw;
        }
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
