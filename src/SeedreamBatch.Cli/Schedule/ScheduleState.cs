using System.Text.Json;
using System.Text.Json.Serialization;
using SeedreamBatch.Core.Files;

namespace SeedreamBatch.Cli.Schedule;

/// <summary>
/// What <c>schedule</c> remembers of a pipeline across restarts: the last due time it dealt with (ran, skipped or
/// caught up), so the next start knows which due times it missed. A small JSON file written atomically.
/// </summary>
internal sealed record ScheduleState
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Due times up to and including this one are dealt with.</summary>
    public required DateTimeOffset LastDue { get; init; }

    public DateTimeOffset? LastRunStarted { get; init; }

    public DateTimeOffset? LastRunFinished { get; init; }

    public int? LastExitCode { get; init; }

    /// <summary>The state in <paramref name="path"/>, or null when there is none (first start); an unreadable file is an error, not a fresh start.</summary>
    public static ScheduleState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ScheduleState>(File.ReadAllBytes(path), Json)
                ?? throw new InvalidDataException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a schedule state file ({e.Message}); delete it to start afresh", e);
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, Json));
    }
}
