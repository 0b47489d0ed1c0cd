using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// Keeps the current version of each redone item before it is paid for again: its files move to
/// <c>history/v{N}/&lt;their path&gt;</c> in the outputs folder and the store records them as version N (with its bill and
/// review). Runs under the run lock, before the first submission.
/// </summary>
internal static class RedoArchive
{
    public const string HistoryFolder = "history";

    public static async Task ArchiveAsync(StateStore store, string outputs, IEnumerable<RedoItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            if (item.SourceKey is not { } source)
            {
                continue;
            }

            IReadOnlyList<OutputRecord> current;
            using (var reader = store.OpenReader())
            {
                current = await reader.GetOutputsAsync(source, cancellationToken).ConfigureAwait(false);
            }

            // Files first: a crash after moving them leaves a done job without files, which the next run makes again (the
            // redo that was asked for); the other order could leave the store pointing at files a new answer overwrote.
            var moved = new List<OutputRecord>(current.Count);
            foreach (var output in current)
            {
                var relative = $"{HistoryFolder}/v{item.Version - 1}/{output.Path}";
                var from = Path.Combine(outputs, output.Path);
                var to = Path.Combine(outputs, relative);
                if (File.Exists(from))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Move(from, to, overwrite: true);
                    moved.Add(output with { Path = relative });
                }
            }

            await store.ArchiveVersionAsync(item.Key, source, moved, cancellationToken).ConfigureAwait(false);
        }
    }
}
