using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary>A provider's settings as written under <c>providers.&lt;name&gt;</c>; null means the documented default.</summary>
public sealed record ProviderSection
{
    public required string Name { get; init; }

    public required SourceLocation Location { get; init; }

    public string? BaseUrl { get; init; }

    public string? ApiKeyEnv { get; init; }

    /// <summary>Ark only: <c>international</c> or <c>china</c>; derived from the host when absent.</summary>
    public string? Region { get; init; }

    public int? Concurrency { get; init; }

    public int? ImagesPerMinute { get; init; }

    public int? RequestsPerMinute { get; init; }

    public double? TimeoutSeconds { get; init; }

    public double? PollIntervalSeconds { get; init; }

    public bool? AllowInsecure { get; init; }

    /// <summary>Ace Data: the local address the callback receiver listens on (e.g. <c>0.0.0.0:8790</c>).</summary>
    public string? CallbackListen { get; init; }

    /// <summary>Ace Data: the public URL the provider POSTs results to.</summary>
    public string? CallbackPublicUrl { get; init; }

    /// <summary>Task dialects whose paths are not documented (Sinan): the create-task path.</summary>
    public string? CreatePath { get; init; }

    /// <summary>Task dialects: the fetch-task path, with <c>{id}</c> for the task id.</summary>
    public string? TaskPath { get; init; }

    /// <summary>
    /// Ark only: an endpoint id (<c>ep-…</c>) to send as <c>model</c> in place of a model's id, per canonical model
    /// (docs/provider-apis.md §1: <c>model</c> may be an endpoint id, either region). Empty when none.
    /// </summary>
    public IReadOnlyDictionary<Models.SeedreamModel, string> Endpoints { get; init; } = new Dictionary<Models.SeedreamModel, string>();
}
