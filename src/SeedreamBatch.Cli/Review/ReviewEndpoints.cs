using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Review;

/// <summary>The review API: <c>/</c> (the page), <c>/api/meta</c>, <c>/api/items</c>, <c>/api/items/{key}</c>, <c>POST /api/decisions</c>, <c>/files/…</c>.</summary>
internal sealed class ReviewEndpoints(string outputs, string database, StateStore store, int pageSize, ThumbnailCache thumbnails)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly SemaphoreSlim _reportLock = new(1, 1);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => WritePageAsync(context));
        app.MapGet("/api/meta", (HttpContext context) => WriteJsonAsync(context, 200, w =>
        {
            using var reader = StateReader.Open(database);
            w.WriteStartObject();
            w.WriteString("folder", outputs);
            w.WriteBoolean("readOnly", false);
            w.WriteNumber("pageSize", pageSize);
            ReviewJson.WriteCounts(w, reader.GetReviewCounts());
            ReviewJson.WriteFacets(w, reader);
            w.WriteEndObject();
        }));
        app.MapGet("/api/items", (HttpContext context) => ItemsAsync(context));
        app.MapGet("/api/items/{key}", (HttpContext context, string key) => ItemAsync(context, key));
        app.MapPost("/api/decisions", (HttpContext context) => DecideAsync(context));
        app.MapGet("/files/{**path}", (HttpContext context, string path) => FileAsync(context, path, thumbnail: false));
        app.MapGet("/thumbs/{**path}", (HttpContext context, string path) => FileAsync(context, path, thumbnail: true));
    }

    private static Task WritePageAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(ReviewPage.Html(dataJson: null));
    }

    private Task ItemsAsync(HttpContext context)
    {
        using var reader = StateReader.Open(database);
        var query = context.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString()));
        var filter = ReviewQuery.Parse(query, reader.GetVariableNames(), out var error);
        if (error is not null)
        {
            return WriteErrorAsync(context, error);
        }

        var page = int.TryParse(context.Request.Query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var size = int.TryParse(context.Request.Query["size"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 1000 ? s : pageSize;
        var (items, total) = reader.ReadReviewPage(filter, (page - 1) * size, size);
        return WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", total);
            w.WriteNumber("page", page);
            w.WriteNumber("pageSize", size);
            ReviewJson.WriteCounts(w, reader.GetReviewCounts());
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                ReviewJson.WriteItem(w, item, detail: false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private Task ItemAsync(HttpContext context, string key)
    {
        using var reader = StateReader.Open(database);
        if (reader.GetReviewItem(key) is not { } item)
        {
            return WriteErrorAsync(context, $"no job {key}", 404);
        }

        var outputsList = reader.GetOutputsAsync(key, CancellationToken.None).GetAwaiter().GetResult();
        var failures = reader.GetFailedImagesAsync(key, CancellationToken.None).GetAwaiter().GetResult();
        var versions = reader.GetVersions(key);
        return WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("item");
            ReviewJson.WriteItem(w, item, detail: true);
            ReviewJson.WriteOutputs(w, "outputs", outputsList);
            w.WriteStartArray("failedImages");
            foreach (var f in failures)
            {
                w.WriteStartObject();
                w.WriteNumber("image", f.ImageIndex);
                w.WriteString("error", f.Failure.ToString());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            ReviewJson.WriteVersions(w, versions);
            w.WriteEndObject();
        });
    }

    private async Task DecideAsync(HttpContext context)
    {
        DecisionRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<DecisionRequest>(context.Request.Body, JsonSerializerOptions.Web, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(context, "malformed decision: " + e.Message).ConfigureAwait(false);
            return;
        }

        if (request?.Keys is not { Length: > 0 } keys || (request.Decision is not null && !ReviewDecisions.IsKnown(request.Decision)))
        {
            await WriteErrorAsync(context, "a decision needs keys and a decision of approved, rejected or null").ConfigureAwait(false);
            return;
        }

        var changed = await store.RecordReviewAsync(keys, request.Decision, request.Reason, ReviewUser.Current, context.RequestAborted).ConfigureAwait(false);
        using var reader = StateReader.Open(database);
        await RefreshManifestsAsync(reader.GetLastRunId(), context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("changed", changed);
            ReviewJson.WriteCounts(w, reader.GetReviewCounts());
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// manifest.csv/json show the decisions: rewritten now unless a run holds the folder (its end rewrites them anyway, and
    /// two writers of one file would race).
    /// </summary>
    private async Task RefreshManifestsAsync(string? runId, CancellationToken cancellationToken)
    {
        if (runId is null || !RunLock.TryAcquire(outputs, TimeProvider.System, out var runLock, out _))
        {
            return;
        }

        using (runLock)
        {
            await _reportLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await new RunReportWriter(outputs, store, ToolInfo.Version, TimeProvider.System).WriteManifestsAsync(runId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _reportLock.Release();
            }
        }
    }

    private async Task FileAsync(HttpContext context, string path, bool thumbnail)
    {
        // Only files inside the outputs folder, and none of the tool's own (.seedream: the store, logs).
        var full = Path.GetFullPath(Path.Combine(outputs, path));
        var relative = Path.GetRelativePath(outputs, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            || relative.Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')) || !File.Exists(full))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var served = thumbnail ? await thumbnails.GetAsync(full, context.RequestAborted).ConfigureAwait(false) : full;
        context.Response.ContentType = ContentTypes.TryGetContentType(served, out var type) ? type : "application/octet-stream";
        context.Response.Headers.CacheControl = "private, max-age=60";
        await context.Response.SendFileAsync(served).ConfigureAwait(false);
    }

    private static Task WriteErrorAsync(HttpContext context, string message, int status = 400) =>
        WriteJsonAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed record DecisionRequest(string[]? Keys, string? Decision, string? Reason);
}
