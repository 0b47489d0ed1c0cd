using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// A routed job's request as each provider of the route takes it. The job carries the request of the route's first
/// provider; another provider gets the same prompt, size, references, count and options with its own model id (its
/// <see cref="CapabilityTable"/> id, or an Ark endpoint id from <c>providers.ark.endpoints</c>) and the seed where its
/// model honours one. Everything here was checked against that provider at <c>validate</c>.
/// </summary>
public sealed class RouteRequests
{
    private readonly IReadOnlyDictionary<SeedreamModel, string> _arkEndpoints;
    private readonly bool _arkChina;

    public RouteRequests(PipelineSpec pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        // The model ids chosen for Ark must be those of the region its adapter is pinned to (ProviderSettings.Pinned).
        var ark = pipeline.Providers.GetValueOrDefault("ark")?.Value ?? ProviderSettings.DefaultsFor(ProviderDialect.Ark).Pinned();
        _arkEndpoints = ark.Endpoints;
        _arkChina = ark.IsChinaRegion;
    }

    /// <summary>The request <paramref name="job"/> sends to <paramref name="dialect"/>.</summary>
    /// <exception cref="InvalidOperationException">The provider does not offer the model (validate refuses such a route).</exception>
    public GenerationRequest For(Job job, ProviderDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(job);
        var request = job.Request;
        if (dialect == request.Dialect)
        {
            return request;
        }

        var caps = CapabilityTable.Find(dialect, request.Model)
            ?? throw new InvalidOperationException($"provider {dialect.ToName()} does not offer {request.Model.ToName()}");
        var modelId = (dialect == ProviderDialect.Ark ? _arkEndpoints.GetValueOrDefault(request.Model) : null)
            ?? caps.ModelIdFor(dialect == ProviderDialect.Ark && _arkChina, request.IsEdit);
        return request with { Dialect = dialect, ProviderModelId = modelId, Seed = caps.AcceptsSeed ? job.RequestedSeed : null };
    }
}
