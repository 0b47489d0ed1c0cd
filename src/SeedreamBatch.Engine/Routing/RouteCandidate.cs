namespace SeedreamBatch.Engine.Routing;

/// <summary>One provider of a route and what it charges per image for the route's model.</summary>
/// <param name="Provider">The provider's name as the manifest writes it (<c>ark</c>, <c>fal</c>).</param>
/// <param name="PricePerImageUsd">From the price table (built in or the manifest's <c>pricing:</c>).</param>
public sealed record RouteCandidate(string Provider, decimal PricePerImageUsd);
