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
        var header = NewHeader(runId);
        using var reader = store.OpenReader();
        await WriteManifestsAsync(header, reader, CsvByteOrderMark, cancellationToken).ConfigureAwait(false);
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, SummaryJsonWriter.FileName),
            (stream, ct) => SummaryJsonWriter.WriteAsync(stream, header, reader, budget, ct),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rewrites only <c>manifest.csv</c> and <c>manifest.json</c> (review decisions changed; no run happened, so
    /// <c>summary.json</c>, which describes a run, stays). <paramref name="runId"/> is the last run's. A byte order mark
    /// the last run wrote is kept.
    /// </summary>
    public async Task WriteManifestsAsync(string runId, CancellationToken cancellationToken)
    {
        var header = NewHeader(runId);
        using var reader = store.OpenReader();
        await WriteManifestsAsync(header, reader, CsvByteOrderMark || HasByteOrderMark(Path.Combine(outputsDirectory, ManifestCsvWriter.FileName)), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The header every file written now carries, for run <paramref name="runId"/>.</summary>
    private OutputHeader NewHeader(string runId) => new(OutputHeader.CurrentSchemaVersion, toolVersion, runId, time.GetUtcNow());

    internal static bool HasByteOrderMark(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> head = stackalloc byte[3];
        using var file = File.OpenRead(path);
        return file.Read(head) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
    }

    /// <summary>
    /// manifest.csv and manifest.json: the folder's current outputs (<see cref="StateReader.ReadCurrentOutputsAsync"/>),
    /// read once and written to both files at the same time (<see cref="RowTee"/>).
    /// </summary>
    private async Task WriteManifestsAsync(OutputHeader header, StateReader reader, bool byteOrderMark, CancellationToken cancellationToken)
    {
        var variables = await reader.GetVariableNamesAsync(cancellationToken).ConfigureAwait(false);
        await RowTee.RunAsync(
            reader.ReadCurrentOutputsAsync(cancellationToken),
            (rows, ct) => AtomicFile.WriteAsync(
                Path.Combine(outputsDirectory, ManifestCsvWriter.FileName),
                (stream, ct2) => ManifestCsvWriter.WriteAsync(stream, header, rows, variables, byteOrderMark, ct2),
                ct),
            (rows, ct) => AtomicFile.WriteAsync(
                Path.Combine(outputsDirectory, ManifestJsonWriter.FileName),
                (stream, ct2) => ManifestJsonWriter.WriteAsync(stream, header, rows, ct2),
                ct),
            cancellationToken).ConfigureAwait(false);
    }
}
