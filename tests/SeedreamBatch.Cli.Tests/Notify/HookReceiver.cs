using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SeedreamBatch.Cli.Tests.Notify;

/// <summary>
/// A real HTTP receiver on loopback (Kestrel, port 0) for webhooks and healthcheck pings. Paths starting with
/// <c>/bad</c> answer 500, <c>/gone</c> 404, <c>/hang</c> never answer, anything else 200; every request is kept.
/// </summary>
internal sealed class HookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private HookReceiver(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public IReadOnlyList<(string Path, string Body)> Requests => [.. _requests];

    public IEnumerable<string> Bodies(string path) => _requests.Where(r => r.Path == path).Select(r => r.Body);

    public static async Task<HookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new HookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    /// <summary>Waits (real time, bounded) until <paramref name="count"/> requests have arrived in all.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        while (_requests.Count < count)
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(20)))
            {
                throw new TimeoutException($"expected {count} requests, got {_requests.Count}");
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        _requests.Enqueue((path, body));
        _arrived.Release();
        if (path.StartsWith("/hang", StringComparison.Ordinal))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = path.StartsWith("/bad", StringComparison.Ordinal) ? 500 : path.StartsWith("/gone", StringComparison.Ordinal) ? 404 : 200;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
