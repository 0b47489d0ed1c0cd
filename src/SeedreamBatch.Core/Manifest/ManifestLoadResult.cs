using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary>The pipeline (null when any error was found) and every diagnostic, errors and warnings, in file order.</summary>
public sealed record ManifestLoadResult(PipelineSpec? Pipeline, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The manifest after <c>--env</c> and <c>--set</c> as YAML (what <c>--show-effective</c> prints); null when it could not be built.</summary>
    public string? EffectiveYaml { get; init; }

    public bool Succeeded => Pipeline is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
