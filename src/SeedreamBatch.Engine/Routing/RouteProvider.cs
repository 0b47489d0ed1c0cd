using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Routing;

/// <summary>One provider of a route as a run talks to it: its own client (key, base URL, timeouts) and endpoint.</summary>
/// <param name="Name">The provider's name as the manifest lists it (<c>ark</c>, <c>fal</c>); recorded with each job it takes.</param>
/// <param name="Dialect">Its wire format; also the key of its throttle.</param>
/// <param name="Client">Its client.</param>
public sealed record RouteProvider(string Name, ProviderDialect Dialect, IImageProvider Client)
{
    /// <summary>Scheme, host and port it answers on, recorded with each job it takes; null: the store's.</summary>
    public string? Endpoint { get; init; }
}
