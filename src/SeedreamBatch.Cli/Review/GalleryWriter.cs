using System.Text;
using System.Text.Json;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Review;

/// <summary>
/// <c>gallery</c>: the review page as one static HTML file with the sheet's data embedded and relative links to the
/// variant files: it opens from disk, needs no server and no network, and can be attached to a ticket. Read-only.
/// </summary>
internal static class GalleryWriter
{
    public const string DefaultFileName = "gallery.html";

    /// <summary>Writes the gallery of <paramref name="outputsDirectory"/> to <paramref name="galleryPath"/> atomically; returns the job count.</summary>
    public static async Task<int> WriteAsync(string outputsDirectory, string galleryPath, CancellationToken cancellationToken)
    {
        var outputs = Path.GetFullPath(outputsDirectory);
        var target = Path.GetFullPath(galleryPath);
        var relative = Path.GetRelativePath(Path.GetDirectoryName(target)!, outputs).Replace('\\', '/');
        var prefix = relative == "." ? "" : relative.TrimEnd('/') + "/";
        var count = 0;
        using var reader = StateReader.Open(StateStore.PathFor(outputs));
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
                    ReviewJson.WriteCounts(w, reader.GetReviewCounts());
                    ReviewJson.WriteFacets(w, reader);
                    w.WriteEndObject();
                    w.WriteStartArray("items");
                    foreach (var item in reader.ReadReviewItems(new ReviewFilter()).ToList())
                    {
                        ReviewJson.WriteItem(w, item, detail: true, await reader.GetOutputsAsync(item.Key, ct).ConfigureAwait(false));
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
}
