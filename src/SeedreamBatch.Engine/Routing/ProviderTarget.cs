using SeedreamBatch.Core.Models;
using SeedreamBatch.Engine.Throttling;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Routing;

/// <summary>Where one attempt of a job goes: the provider's client, its request for the job, its throttle and price.</summary>
/// <param name="Provider">The route's provider; null for a single-provider run.</param>
/// <param name="Client">The client that sends it.</param>
/// <param name="Request">The job's request as this provider takes it.</param>
/// <param name="Throttle">The provider's own throttle.</param>
/// <param name="Endpoint">Recorded with the job; null: the store's.</param>
/// <param name="PricePerImageUsd">What this provider charges per image when it reports no bill; null: the job's estimate.</param>
internal sealed record ProviderTarget(
    string? Provider, IImageProvider Client, GenerationRequest Request, ProviderThrottle Throttle, string? Endpoint, decimal? PricePerImageUsd);
