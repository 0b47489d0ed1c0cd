using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SeedreamBatch.Providers.Http;

namespace SeedreamBatch.Providers.AceData;

/// <summary>
/// The embedded receiver for Ace Data's <c>callback_url</c>: listens locally (behind a tunnel or reverse proxy
/// that owns TLS) and hands each pushed result to whoever awaits its task id. The published URL carries a random
/// token, so a stranger who finds the address cannot inject image URLs into a run.
/// </summary>
internal sealed class AceDataCallbackReceiver : IDisposable
{
    private const int DefaultMaxBodyBytes = 16 * 1024 * 1024;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode>> _results = new(StringComparer.Ordinal);
    private readonly byte[] _token = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    private readonly RedactingLog _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private readonly int _maxBodyBytes;

    public AceDataCallbackReceiver(string listenPrefix, string publicUrl, RedactingLog log, int maxBodyBytes = DefaultMaxBodyBytes)
    {
        _log = log;
        _maxBodyBytes = maxBodyBytes;
        _listener.Prefixes.Add(listenPrefix.EndsWith('/') ? listenPrefix : listenPrefix + "/");
        PublicUrl = publicUrl + (publicUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Encoding.ASCII.GetString(_token);
    }

    /// <summary>What goes in <c>callback_url</c>.</summary>
    public string PublicUrl { get; }

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptLoopAsync(_stop.Token));
    }

    /// <summary>Tasks with a slot: awaited, or pushed and not yet taken. Bounded by the tasks in flight.</summary>
    internal int Waiting => _results.Count;

    /// <summary>Completes with the pushed answer for <paramref name="taskId"/> (at once if it arrived first).</summary>
    public async Task<JsonNode> WaitAsync(string taskId)
    {
        var slot = Slot(taskId);
        var result = await slot.Task.ConfigureAwait(false);
        // Consumed: a long run must not keep every result it was ever pushed.
        _results.TryRemove(new KeyValuePair<string, TaskCompletionSource<JsonNode>>(taskId, slot));
        return result;
    }

    /// <summary>Stops waiting for a task whose result was obtained another way (polling).</summary>
    public void Forget(string taskId) => _results.TryRemove(taskId, out _);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by its listener being closed.
        }

        _stop.Dispose();
    }

    private TaskCompletionSource<JsonNode> Slot(string taskId) =>
        _results.GetOrAdd(taskId, _ => new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                context.Response.StatusCode = await HandleAsync(context.Request).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpListenerException or OperationCanceledException)
            {
                context.Response.StatusCode = 400;
            }

            context.Response.Close();
        }
    }

    private async Task<int> HandleAsync(HttpListenerRequest request)
    {
        var token = Encoding.ASCII.GetBytes(request.QueryString["token"] ?? "");
        if (!CryptographicOperations.FixedTimeEquals(token, _token))
        {
            _log.Write("acedata callback: refused a request without the right token");
            return 403;
        }

        if (request.HttpMethod != "POST")
        {
            return 400;
        }

        if (request.ContentLength64 > _maxBodyBytes)
        {
            return 413;
        }

        // A chunked body announces no length: stop reading as soon as it passes the cap.
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk, _stop.Token).ConfigureAwait(false)) > 0)
        {
            if (body.Length + read > _maxBodyBytes)
            {
                return 413;
            }

            body.Write(chunk, 0, read);
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (JsonException)
        {
            return 400;
        }

        if (JsonTolerant.FirstString(json, "task_id", "id", "response.task_id") is not { } taskId)
        {
            return 400;
        }

        Slot(taskId).TrySetResult(json!);
        _log.Write($"acedata callback: result for task {taskId}");
        return 200;
    }
}
