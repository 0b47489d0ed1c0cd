using SeedreamBatch.Core.Files;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// Writes <c>manifest.csv</c>, <c>manifest.json</c> and <c>summary.json</c> into the outputs folder from the
/// state store alone, each atomically: they can be regenerated at any time (<c>report</c>) and are valid
/// after an interrupted run.
/// </summary>
public sealed class RunReportWriter(string outputsDirectory, StateStore store, string toolVersion, TimeProvider time)
{
    public async Task WriteAllAsync(string runId, BudgetSnapshot budget, CancellationToken cancellationToken)
    {
        var header = new OutputHeader(OutputHeader.CurrentSchemaVersion, toolVersion, runId, time.GetUtcNow());
        using var reader = store.OpenReader();
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestCsvWriter.FileName),
            (stream, ct) => ManifestCsvWriter.WriteAsync(stream, header, reader.ReadManifestRowsAsync(ct), ct),
            cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestJsonWriter.FileName),
            (stream, ct) => ManifestJsonWriter.WriteAsync(stream, header, reader.ReadManifestRowsAsync(ct), ct),
            cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, SummaryJsonWriter.FileName),
            (stream, ct) => SummaryJsonWriter.WriteAsync(stream, header, reader, budget, ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rewrites only <c>manifest.csv</c> and <c>manifest.json</c> (review decisions changed; no run happened, so
    /// <c>summary.json</c>, which describes a run, stays). <paramref name="runId"/> is the last run's.
    /// </summary>
    public async Task WriteManifestsAsync(string runId, CancellationToken cancellationToken)
    {
        var header = new OutputHeader(OutputHeader.CurrentSchemaVersion, toolVersion, runId, time.GetUtcNow());
        using var reader = store.OpenReader();
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestCsvWriter.FileName),
            (stream, ct) => ManifestCsvWriter.WriteAsync(stream, header, reader.ReadManifestRowsAsync(ct), ct),
            cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestJsonWriter.FileName),
            (stream, ct) => ManifestJsonWriter.WriteAsync(stream, header, reader.ReadManifestRowsAsync(ct), ct),
            cancellationToken).ConfigureAwait(false);
    }
}
