namespace SeedreamBatch.Core.Models;

/// <summary>How a route ranks its providers for a new job.</summary>
public enum RouteMode
{
    /// <summary>As listed in the manifest: the first healthy provider takes the job.</summary>
    Ordered,

    /// <summary>By price per image, cheapest first; equal prices keep the listed order.</summary>
    Cheapest,
}
