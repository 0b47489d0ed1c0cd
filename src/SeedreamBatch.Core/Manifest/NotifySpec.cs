using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary><c>notify:</c> who hears about a run's end: webhooks (JSON), a local command, a healthcheck URL.</summary>
/// <param name="Webhooks">Each gets one JSON POST per run.</param>
/// <param name="Command">Run through <c>/bin/sh -c</c> in the manifest's folder with the summary path in <c>SEEDREAM_SUMMARY</c>.</param>
/// <param name="Healthcheck">Pinged on start (<c>/start</c>), success (the URL) and failure (<c>/fail</c>), the healthchecks.io convention.</param>
public sealed record NotifySpec(IReadOnlyList<Uri> Webhooks, string? Command, Uri? Healthcheck, SourceLocation Location)
{
    public bool IsEmpty => Webhooks.Count == 0 && Command is null && Healthcheck is null;
}
