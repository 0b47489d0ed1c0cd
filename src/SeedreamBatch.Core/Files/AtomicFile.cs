namespace SeedreamBatch.Core.Files;

/// <summary>
/// Writes a file completely under a temp name in the same folder, flushes it to disk, then renames it over the
/// target: readers (and a run killed halfway) only ever see the old file or the complete new one.
/// </summary>
/// <remarks>
/// Temp names are <c>.{name}.{guid}.tmp</c> (<see cref="TempPathFor"/>), which a later run's sweep of stale temp
/// files recognises as ours.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="data"/> to <paramref name="path"/> in one go.</summary>
    public static void Write(string path, ReadOnlySpan<byte> data)
    {
        var (fullPath, temp) = Prepare(path, "tmp");
        try
        {
            // bufferSize 1: one span, written straight through.
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(data);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> with whatever <paramref name="write"/> puts in the stream.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (fullPath, temp) = Prepare(path, "tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// A fresh temp name next to <paramref name="fullPath"/>: <c>.{name}.{guid}.{extension}</c>. Same folder, so the
    /// final rename never crosses a file system.
    /// </summary>
    public static string TempPathFor(string fullPath, string extension) =>
        Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.{extension}");

    private static (string FullPath, string Temp) Prepare(string path, string extension)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        return (fullPath, TempPathFor(fullPath, extension));
    }

    /// <summary>Best effort: a stray temp file is harmless, named so it is easy to spot, and swept by the next run.</summary>
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keep the first failure, not this one.
        }
    }
}
