using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Review;

/// <summary>
/// The <c>review</c> web app: one embedded page and a small JSON API over the state store. Reads go through a fresh
/// read-only <see cref="StateReader"/> per request (WAL: a running <c>run</c> keeps writing, the page sees its commits);
/// decisions go through the one <see cref="StateStore"/> writer. Files are served from the outputs folder only, never
/// from <c>.seedream</c>.
/// </summary>
internal sealed class ReviewServer : IAsyncDisposable
{
    private const string TokenCookie = "sb_review";
    private readonly WebApplication _app;
    private readonly StateStore _store;

    private readonly ThumbnailCache _thumbnails;

    private ReviewServer(WebApplication app, StateStore store, ThumbnailCache thumbnails, Uri uri)
    {
        _app = app;
        _store = store;
        _thumbnails = thumbnails;
        Uri = uri;
    }

    /// <summary>The page's address (with the token when one is required).</summary>
    public Uri Uri { get; }

    /// <summary>Cancelled when the host stops: it takes Ctrl+C and SIGTERM itself, so the command waits on this too.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public static async Task<ReviewServer> StartAsync(ReviewServerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var outputs = Path.GetFullPath(options.OutputsDirectory);
        var database = StateStore.PathFor(outputs);
        var store = StateStore.Open(database, time);
        try
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            var address = options.Host is null ? IPAddress.Loopback : ParseHost(options.Host);
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Listen(address, options.Port);
            });
            builder.Services.AddRoutingCore();
            var app = builder.Build();
            if (options.Token is { } token)
            {
                app.Use(async (context, next) =>
                {
                    if (context.Request.Query["token"] == token)
                    {
                        context.Response.Cookies.Append(TokenCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict });
                    }
                    else if (context.Request.Cookies[TokenCookie] != token)
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        await context.Response.WriteAsync("this review server needs the token printed when it started: open the URL it printed\n");
                        return;
                    }

                    await next(context);
                });
            }

            app.UseRouting();
            var thumbnails = new ThumbnailCache(outputs);
            var endpoints = new ReviewEndpoints(outputs, database, store, options.PageSize, thumbnails);
            endpoints.Map(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var dialable = bound.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal);
            var uri = new UriBuilder(dialable) { Path = "/", Query = options.Token is { } t ? "token=" + t : "" }.Uri;
            return new ReviewServer(app, store, thumbnails, uri);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _thumbnails.Dispose();
        _store.Dispose();
    }

    private static IPAddress ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "0.0.0.0" => IPAddress.Any,
        _ => IPAddress.TryParse(host, out var ip) ? ip : throw new FormatException($"--host '{host}' is not an IP address (or localhost, *)"),
    };
}
