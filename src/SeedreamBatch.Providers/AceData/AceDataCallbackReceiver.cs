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
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode>> _results = new(StringComparer.Ordinal);
    private readonly byte[] _token = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    private readonly RedactingLog _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public AceDataCallbackReceiver(string listenPrefix, string publicUrl, RedactingLog log)
    {
        _log = log;
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

    /// <summary>Completes with the pushed answer for <paramref name="taskId"/> (at once if it arrived first).</summary>
    public Task<JsonNode> WaitAsync(string taskId) => Slot(taskId).Task;

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
            catch (Exception ex) when (ex is IOException or HttpListenerException)
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

        if (request.HttpMethod != "POST" || request.ContentLength64 > MaxBodyBytes)
        {
            return 400;
        }

        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body.ToArray());
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
