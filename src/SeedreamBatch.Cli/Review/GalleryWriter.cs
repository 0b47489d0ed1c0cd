using System.Text;
using System.Text.Json;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Review;

/// <summary>
/// <c>gallery</c>: the review page as one static HTML file with the sheet's data embedded and relative links to the
/// variant files: it opens from disk, needs no server and no network, and can be attached to a ticket. Read-only.
/// Written from the folder's own state store (<c>gallery</c>, a run) or from every shard's (<c>merge</c>): counts are summed,
/// filter facets united, items in manifest order (ordinal, then key) across the stores.
/// </summary>
internal static class GalleryWriter
{
    public const string DefaultFileName = "gallery.html";

    /// <summary>Writes the gallery of <paramref name="outputsDirectory"/> to <paramref name="galleryPath"/> atomically; returns the job count.</summary>
    public static Task<int> WriteAsync(string outputsDirectory, string galleryPath, CancellationToken cancellationToken) =>
        WriteAsync(outputsDirectory, [StateStore.PathFor(Path.GetFullPath(outputsDirectory))], galleryPath, cancellationToken);

    /// <summary>
    /// Writes the gallery of the jobs in <paramref name="statePaths"/> (state stores of <paramref name="outputsDirectory"/>:
    /// its own, or its shards') to <paramref name="galleryPath"/> atomically; returns the job count.
    /// </summary>
    public static async Task<int> WriteAsync(string outputsDirectory, IReadOnlyList<string> statePaths, string galleryPath, CancellationToken cancellationToken)
    {
        var outputs = Path.GetFullPath(outputsDirectory);
        var target = Path.GetFullPath(galleryPath);
        var relative = Path.GetRelativePath(Path.GetDirectoryName(target)!, outputs).Replace('\\', '/');
        var prefix = relative == "." ? "" : relative.TrimEnd('/') + "/";
        var readers = new List<StateReader>();
        try
        {
            foreach (var path in statePaths)
            {
                readers.Add(StateReader.Open(path));
            }

            return await WriteAsync(readers, outputs, prefix, target, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
    }

    private static async Task<int> WriteAsync(List<StateReader> readers, string outputs, string prefix, string target, CancellationToken cancellationToken)
    {
        var count = 0;
        await AtomicFile.WriteAsync(
            target,
            async (stream, ct) =>
            {
                var (before, after) = ReviewPage.Split();
                await stream.WriteAsync(Encoding.UTF8.GetBytes(before), ct).ConfigureAwait(false);

                // The default encoder escapes < > & as \u003C...: the data can never close its <script> element.
                await using (var w = new Utf8JsonWriter(stream))
                {
                    w.WriteStartObject();
                    w.WriteString("base", prefix);
                    w.WriteStartObject("meta");
                    w.WriteString("folder", outputs);
                    w.WriteBoolean("readOnly", true);
                    w.WriteNumber("pageSize", 120);
                    ReviewJson.WriteCounts(w, Sum(readers.Select(r => r.GetReviewCounts())));
                    ReviewJson.WriteFacets(w, readers);
                    w.WriteEndObject();
                    w.WriteStartArray("items");

                    // Streamed in sheet order: collecting and sorting held every job's item at the end of each run
                    // (bench/README.md, "Run memory").
                    var sources = readers.Select(r => r.ReadReviewItems(new ReviewFilter()).ToAsyncEnumerable()).ToList();
                    await foreach (var (i, item) in ManifestOrder.MergeAsync(sources, item => (item.Job.Ordinal, item.Job.JobKey), ct).ConfigureAwait(false))
                    {
                        ReviewJson.WriteItem(w, item, detail: true, await readers[i].GetOutputsAsync(item.Job.JobKey, ct).ConfigureAwait(false));
                        count++;
                        if (w.BytesPending > 64 * 1024)
                        {
                            await w.FlushAsync(ct).ConfigureAwait(false);
                        }
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(after), ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static ReviewCounts Sum(IEnumerable<ReviewCounts> counts) => counts.Aggregate(
        new ReviewCounts(0, 0, 0, 0, 0, 0, 0),
        (a, b) => new ReviewCounts(a.Total + b.Total, a.Done + b.Done, a.PartlyDone + b.PartlyDone, a.Failed + b.Failed, a.Approved + b.Approved, a.Rejected + b.Rejected, a.Pending + b.Pending));
}
