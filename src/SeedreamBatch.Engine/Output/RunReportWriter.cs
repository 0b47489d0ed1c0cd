using SeedreamBatch.Core.Files;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// Writes <c>manifest.csv</c>, <c>manifest.json</c> (the folder's current outputs) and <c>summary.json</c> (everything
/// the store knows) into the outputs folder from the state store alone, each atomically: they can be regenerated at
/// any time and are valid after an interrupted run.
/// </summary>
public sealed class RunReportWriter(string outputsDirectory, StateStore store, string toolVersion, TimeProvider time)
{
    /// <summary>manifest.csv starts with a UTF-8 byte order mark (for Excel).</summary>
    public bool CsvByteOrderMark { get; init; }

    public async Task WriteAllAsync(string runId, BudgetSnapshot budget, CancellationToken cancellationToken)
    {
        var header = new OutputHeader(OutputHeader.CurrentSchemaVersion, toolVersion, runId, time.GetUtcNow());
        using var reader = store.OpenReader();
        var variables = await reader.GetVariableNamesAsync(cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestCsvWriter.FileName),
            (stream, ct) => ManifestCsvWriter.WriteAsync(stream, header, reader.ReadCurrentOutputsAsync(ct), variables, CsvByteOrderMark, ct),
            cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestJsonWriter.FileName),
            (stream, ct) => ManifestJsonWriter.WriteAsync(stream, header, reader.ReadCurrentOutputsAsync(ct), ct),
            cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, SummaryJsonWriter.FileName),
            (stream, ct) => SummaryJsonWriter.WriteAsync(stream, header, reader, budget, ct),
            cancellationToken).ConfigureAwait(false);
    }
}
