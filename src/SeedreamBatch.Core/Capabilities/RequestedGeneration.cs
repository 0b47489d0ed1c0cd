using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Capabilities;

/// <summary>The parts of a job that decide whether a model can do it, checked by <see cref="CapabilityCheck"/>.</summary>
public sealed record RequestedGeneration
{
    public required ImageSize Size { get; init; }

    /// <summary>The manifest asks for a seed (a list, a range, or auto).</summary>
    public bool SeedRequested { get; init; }

    public int ReferenceCount { get; init; }

    public bool HasLocalReferences { get; init; }

    public int ImageCount { get; init; } = 1;

    /// <summary>The manifest's per-request knobs (guidance scale, stream, response and output format, prompt optimisation).</summary>
    public GenerationOptions Options { get; init; } = GenerationOptions.Default;

    /// <summary>The rendered prompt, when known (at expansion); null when checking the manifest's shape only.</summary>
    public string? Prompt { get; init; }
}
