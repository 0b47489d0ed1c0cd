using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>Changes a state store behind the engine's back, as another version, another writer or a hand edit would.</summary>
internal static class StoreSql
{
    /// <summary>Runs <paramref name="sql"/> (one or more statements) on the store at <paramref name="storePath"/>.</summary>
    public static void Execute(string storePath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={storePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
