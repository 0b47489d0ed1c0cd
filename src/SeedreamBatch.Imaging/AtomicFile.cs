namespace SeedreamBatch.Imaging;

/// <summary>Writes a file so readers see either the old file or the complete new one, never a partial one.</summary>
internal static class AtomicFile
{
    internal static void Write(string path, ReadOnlySpan<byte> data)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);

        // Same directory as the target, so the rename never crosses a file system.
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(data);

                // Flushed before the rename: after a crash the name points at complete data or at the old file.
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

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray .tmp file is harmless and named so it is easy to spot.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
