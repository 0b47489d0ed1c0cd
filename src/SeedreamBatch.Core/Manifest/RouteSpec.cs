using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// <c>provider: [ark, fal]</c> with <c>route: ordered | cheapest</c>: one canonical model offered by several providers,
/// a job going to the first healthy one (docs/providers.md, "Failover").
/// </summary>
/// <param name="Providers">The providers as listed, two or more, each once.</param>
/// <param name="Mode">How they are ranked for a new job.</param>
/// <param name="Location">The <c>provider:</c> list, for messages.</param>
public sealed record RouteSpec(IReadOnlyList<string> Providers, RouteMode Mode, SourceLocation Location)
{
    /// <summary>The providers' dialects, in <see cref="Providers"/>' order (a route never lists <c>sim</c>).</summary>
    public IReadOnlyList<ProviderDialect> Dialects { get; } = [.. Providers.Select(p => ProviderDialectNames.TryParse(p, out var d) ? d : ProviderDialect.Ark)];
}
