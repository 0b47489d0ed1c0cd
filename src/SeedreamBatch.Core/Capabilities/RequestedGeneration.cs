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

    public double? GuidanceScale { get; init; }

    public bool Stream { get; init; }

    public string? ResponseFormat { get; init; }

    /// <summary><c>optimize_prompt</c>: <c>standard</c> or <c>fast</c>; null when not asked for.</summary>
    public string? OptimizePromptMode { get; init; }

    /// <summary><c>output_format</c>: <c>png</c> or <c>jpeg</c>; null when not asked for.</summary>
    public string? OutputFormat { get; init; }

    /// <summary>The rendered prompt, when known (at expansion); null when checking the manifest's shape only.</summary>
    public string? Prompt { get; init; }
}
