using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Expansion;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Core.Templating;

namespace SeedreamBatch.Core.Manifest;

/// <summary>A loaded, validated manifest: everything needed to expand jobs, nothing read from the network.</summary>
public sealed record PipelineSpec
{
    /// <summary>Absolute path of the manifest file.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Which local files the run may read (<c>files.allow</c>); null = the manifest's folder only.</summary>
    public Files.FileAccessRule? FileAccess { get; init; }

    /// <summary>The file access rule in force: <see cref="FileAccess"/>, or the manifest's folder alone.</summary>
    public Files.FileAccessRule Access => FileAccess ?? Files.FileAccessRule.For(BaseDirectory, []);

    /// <summary>Folder relative paths in the manifest are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(ManifestPath)!;

    /// <summary>SHA-256 of the manifest's bytes, recorded with each run.</summary>
    public required string ManifestSha256 { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The name as written: one of ark, acedata, openai, sinan, kie, sim.</summary>
    public required string ProviderName { get; init; }

    public required ProviderDialect Dialect { get; init; }

    /// <summary>Several providers for one model (<c>provider: [ark, fal]</c>); null for a single provider, then <see cref="Dialect"/> is it.</summary>
    public RouteSpec? Route { get; init; }

    /// <summary>
    /// Every dialect a job may be sent to: the route's providers in the listed order, or <see cref="Dialect"/> alone. Each
    /// is checked at <c>validate</c> (capabilities, options, prices) as if it were the only one.
    /// </summary>
    public IReadOnlyList<ProviderDialect> Dialects => Route?.Dialects ?? [Dialect];

    /// <summary><c>provider: sim</c>: always run against the built-in simulator.</summary>
    public bool UsesSimulator => ProviderName == ProviderDialectNames.Simulator;

    /// <summary>
    /// <c>providers.&lt;name&gt;</c>: each section on its dialect's defaults, pinned (<see cref="ProviderSettings.Pinned"/>),
    /// with where it was written.
    /// </summary>
    public required IReadOnlyDictionary<string, Located<ProviderSettings>> Providers { get; init; }

    /// <summary>
    /// The manifest's section for <paramref name="dialect"/> (by its name; for the pipeline's own dialect also by
    /// <see cref="ProviderName"/>); null: none. Another provider of a route never borrows the first one's section.
    /// </summary>
    public Located<ProviderSettings>? ProviderSectionFor(ProviderDialect dialect) =>
        Providers.GetValueOrDefault(dialect.ToName()) ?? (dialect == Dialect ? Providers.GetValueOrDefault(ProviderName) : null);

    /// <summary>How to reach <paramref name="dialect"/>: the manifest's section, else the dialect's pinned defaults.</summary>
    public ProviderSettings ProviderSettingsFor(ProviderDialect dialect) =>
        ProviderSectionFor(dialect)?.Value ?? ProviderSettings.DefaultsFor(dialect).Pinned();

    /// <summary>
    /// What is wrong with the settings <c>run</c> would use for <paramref name="dialect"/>, all at once and located at
    /// its section (else at <paramref name="fallback"/>, else the file); empty when they are usable.
    /// <paramref name="simulator"/>: the simulator's address, which replaces the base URL.
    /// </summary>
    public IReadOnlyList<Diagnostic> ProviderProblemsFor(ProviderDialect dialect, Uri? simulator = null, SourceLocation? fallback = null)
    {
        var settings = ProviderSettingsFor(dialect);
        var problems = (simulator is null ? settings : settings with { BaseUrl = simulator.AbsoluteUri.TrimEnd('/') }).Validate();
        var at = ProviderSectionFor(dialect)?.Location ?? fallback ?? SourceLocation.OfFile(ManifestLoader.DisplayPath(ManifestPath));
        return [.. problems.Select(p => Diagnostic.Error(at, $"providers.{dialect.ToName()}: {p}"))];
    }

    public RowsSpec? Rows { get; init; }

    /// <summary>The catalog's columns, read once while validating (for JSON that is a pass over the whole file).</summary>
    public IReadOnlySet<string> RowColumns { get; init; } = new HashSet<string>();

    public required MatrixSpec Matrix { get; init; }

    public required Template Prompt { get; init; }

    /// <summary>Reference image templates; each renders to a URL or a path relative to the manifest.</summary>
    public required IReadOnlyList<Template> References { get; init; }

    public required IReadOnlyList<Located<SeedreamModel>> Models { get; init; }

    public required IReadOnlyList<Located<ImageSize>> Sizes { get; init; }

    public required SeedSpec Seeds { get; init; }

    public int Repeat { get; init; } = 1;

    public int ImagesPerJob { get; init; } = 1;

    public required GenerationOptions Options { get; init; }

    public required OutputsSpec Outputs { get; init; }

    public BudgetSpec Budget { get; init; } = BudgetSpec.Unlimited;

    /// <summary><c>export:</c> templates of the shop import files.</summary>
    public ExportSpec Export { get; init; } = ExportSpec.None;

    /// <summary><c>coordination:</c> — shard workers' shared limits and budget in Redis; null without.</summary>
    public CoordinationSpec? Coordination { get; init; }

    public RetrySpec Retry { get; init; } = RetrySpec.Default;

    /// <summary>USD per image, overriding the built-in price of a model for this manifest's provider.</summary>
    public IReadOnlyDictionary<SeedreamModel, decimal> PriceOverrides { get; init; } = new Dictionary<SeedreamModel, decimal>();

    /// <summary>Expansion stops with an error past this many jobs (guards against accidental explosions).</summary>
    public long MaxJobs { get; init; } = 100_000;

    /// <summary><c>schedule:</c>, read by the <c>schedule</c> command; null when the manifest has none.</summary>
    public ScheduleSpec? Schedule { get; init; }

    /// <summary><c>notify:</c>, who hears about each run's end; null when the manifest has none.</summary>
    public NotifySpec? Notify { get; init; }

    /// <summary>The overlay chosen with <c>--env</c>, already merged into every value above; null for none.</summary>
    public string? Environment { get; init; }
}
