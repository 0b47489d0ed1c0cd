using System.Text.Json;
using System.Text.Json.Serialization;

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

        // Not AtomicFile: its temp names are what a starting run sweeps from its outputs folder as a killed run's
        // leftovers, and this file may sit in that folder while a run starts. Same write-flush-rename, own name.
        var temp = path + ".new";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(this, Json));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
