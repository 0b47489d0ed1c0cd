using Microsoft.Data.Sqlite;

namespace SeedreamBatch.Cli.Tests.Testing;

/// <summary>What the crash tests read straight from a state store, read-only, beside the process that wrote it.</summary>
internal static class StoreQueries
{
    /// <summary>The jobs whose outcome is unknown (manifest.csv lists only current files, so the store is asked).</summary>
    public static HashSet<string> UnknownOutcomeJobs(string statePath)
    {
        using var connection = new SqliteConnection($"Data Source={statePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM jobs WHERE status = 'failed' AND error_kind LIKE 'unknown_outcome%'";
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
