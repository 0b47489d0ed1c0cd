using System.Buffers;
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
    /// read once and written to both files as it goes.
    /// </summary>
    private async Task WriteManifestsAsync(OutputHeader header, StateReader reader, bool byteOrderMark, CancellationToken cancellationToken)
    {
        var variables = await reader.GetVariableNamesAsync(cancellationToken).ConfigureAwait(false);
        await WriteManifestsAsync(outputsDirectory, header, reader.ReadCurrentOutputsAsync(cancellationToken), variables, byteOrderMark, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> to manifest.csv and manifest.json in one pass, each atomically; returns how many rows.
    /// Both are encoded into memory and written in large blocks, so memory stays flat however many rows there are.
    /// </summary>
    internal static async Task<long> WriteManifestsAsync(
        string outputsDirectory, OutputHeader header, IAsyncEnumerable<ManifestRow> rows, IReadOnlyList<string> variables, bool byteOrderMark, CancellationToken cancellationToken)
    {
        const int Block = 1 << 20;
        long count = 0;
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestJsonWriter.FileName),
            (jsonFile, ct) => AtomicFile.WriteAsync(
                Path.Combine(outputsDirectory, ManifestCsvWriter.FileName),
                async (csvFile, ct2) =>
                {
                    var (csvBytes, jsonBytes) = (new ArrayBufferWriter<byte>(2 * Block), new ArrayBufferWriter<byte>(2 * Block));
                    var csv = new ManifestCsvWriter(csvBytes, header, variables, byteOrderMark);
                    var json = new ManifestJsonWriter(jsonBytes, header);
                    async Task FlushAsync(ArrayBufferWriter<byte> bytes, Stream file)
                    {
                        await file.WriteAsync(bytes.WrittenMemory, ct2).ConfigureAwait(false);
                        bytes.ResetWrittenCount();
                    }

                    await foreach (var row in rows.WithCancellation(ct2).ConfigureAwait(false))
                    {
                        csv.Write(row);
                        json.Write(row);
                        count++;
                        if (csvBytes.WrittenCount > Block || jsonBytes.WrittenCount > Block)
                        {
                            await Task.WhenAll(FlushAsync(csvBytes, csvFile), FlushAsync(jsonBytes, jsonFile)).ConfigureAwait(false);
                        }
                    }

                    json.End();
                    await Task.WhenAll(FlushAsync(csvBytes, csvFile), FlushAsync(jsonBytes, jsonFile)).ConfigureAwait(false);
                },
                ct),
            cancellationToken).ConfigureAwait(false);
        return count;
    }
}
