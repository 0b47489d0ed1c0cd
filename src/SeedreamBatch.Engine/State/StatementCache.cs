using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// A connection's prepared statements, kept by SQL text. Microsoft.Data.Sqlite prepares a command's statements on its first
/// execution and finalizes them when it is disposed, so a command made per call parses and plans its SQL every time (it was
/// a third of the store's CPU per job: bench/README.md, "Engine"). Kept commands keep their statements; only the values
/// are bound again. The connection disposes its commands when it closes.
/// </summary>
/// <remarks>
/// A connection is used by one thread at a time (the store's writer, a reader, the ledger under its lock); the lock here
/// only keeps the dictionary whole should two threads ever meet on one connection's cache at open. Dynamic SQL (table names
/// in a text, ATTACH paths) stops being kept past <see cref="MaxStatements"/>, so the cache cannot grow without bound.
/// </remarks>
internal sealed class StatementCache
{
    /// <summary>More than every fixed statement of the store, reader and ledger together.</summary>
    public const int MaxStatements = 128;

    private static readonly ConditionalWeakTable<SqliteConnection, StatementCache> Caches = [];

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private StatementCache(SqliteConnection connection) => _connection = connection;

    public static StatementCache For(SqliteConnection connection) => Caches.GetValue(connection, static c => new StatementCache(c));

    /// <summary>The kept command for <paramref name="sql"/> with <paramref name="values"/> bound (a new one when the cache is full).</summary>
    public SqliteCommand Get(string sql, (string Name, object? Value)[] values)
    {
        SqliteCommand? command;
        lock (_gate)
        {
            if (!_commands.TryGetValue(sql, out command))
            {
                command = _connection.CreateCommand();
                command.CommandText = sql;
                if (_commands.Count < MaxStatements)
                {
                    _commands.Add(sql, command);
                }
            }
        }

        Bind(command, values);
        return command;
    }

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] values)
    {
        var parameters = command.Parameters;
        if (parameters.Count == values.Length)
        {
            var same = true;
            for (var i = 0; i < values.Length && same; i++)
            {
                same = parameters[i].ParameterName == values[i].Name;
            }

            if (same)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i].Value ?? DBNull.Value;
                }

                return;
            }
        }

        parameters.Clear();
        foreach (var (name, value) in values)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
