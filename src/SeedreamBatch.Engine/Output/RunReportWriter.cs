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

        // summary.json is written alongside the manifests, on a connection of its own: its queries run on the core the
        // manifests leave free (the variable-name scan before their first row uses one).
        using var summaryReader = store.OpenReader();
        var summary = Task.Run(
            () => AtomicFile.WriteAsync(
                Path.Combine(outputsDirectory, SummaryJsonWriter.FileName),
                (stream, ct) => SummaryJsonWriter.WriteAsync(stream, header, summaryReader, budget, ct),
                cancellationToken),
            CancellationToken.None);
        try
        {
            using var reader = store.OpenReader();
            await WriteManifestsAsync(header, reader, CsvByteOrderMark, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Its reader stays open until it is done, whatever the manifests did.
            await summary.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await summary.ConfigureAwait(false);
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

    /// <summary>Batches between each of the store's readers and the encoders: room for each thread to run a little ahead.</summary>
    private const int RingBatches = 3;

    /// <summary>The header every file written now carries, for run <paramref name="runId"/>.</summary>
    private OutputHeader NewHeader(string runId) => new(OutputHeader.CurrentSchemaVersion, toolVersion, runId, time.GetUtcNow());

    /// <summary>Runs <paramref name="work"/>, which blocks while it waits, on a thread of its own rather than the pool's.</summary>
    private static Task<T> OnThreadOfItsOwn<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <inheritdoc cref="OnThreadOfItsOwn{T}"/>
    private static Task OnThreadOfItsOwn(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

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
    /// read once, as UTF-8 cells straight from the store (<see cref="StateReader.ReadCurrentOutputCells"/>), and written to
    /// both files as it goes.
    /// </summary>
    private async Task WriteManifestsAsync(OutputHeader header, StateReader reader, bool byteOrderMark, CancellationToken cancellationToken)
    {
        var variables = await reader.GetVariableNamesAsync(cancellationToken).ConfigureAwait(false);
        await WriteManifestsAsync(
            outputsDirectory,
            header,
            variables,
            byteOrderMark,
            async (files, ct) =>
            {
                // The store is read on two threads (every other chunk of ordinals each: SQLite's stepping was the longest
                // thread) while manifest.csv and manifest.json are encoded on a thread each, a few batches apart; all four
                // block rather than spin when they wait.
                using var evenRows = reader.ReadCurrentOutputCells(part: 0, parts: 2);
                using var oddRows = reader.ReadCurrentOutputCells(part: 1, parts: 2);
                var ring = new ManifestBatchRing(readers: 2, RingBatches, encoders: 2);
                var csv = OnThreadOfItsOwn(() => ring.Encode(0, files.EncodeCsv));
                var json = OnThreadOfItsOwn(() => ring.Encode(1, files.EncodeJson));
                var even = OnThreadOfItsOwn(() => ring.Read(0, evenRows, ct));
                var odd = OnThreadOfItsOwn(() => ring.Read(1, oddRows, ct));

                // All four end before the rows or the files are disposed, failed or not (a failing thread stops the ring).
                await Task.WhenAll(even, odd, csv, json).ConfigureAwait(false);
                return even.Result + odd.Result;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> to manifest.csv and manifest.json in one pass, each atomically; returns how many rows.
    /// Both are encoded into memory and written in large blocks, so memory stays flat however many rows there are.
    /// </summary>
    internal static Task<long> WriteManifestsAsync(
        string outputsDirectory, OutputHeader header, IAsyncEnumerable<ManifestRow> rows, IReadOnlyList<string> variables, bool byteOrderMark, CancellationToken cancellationToken) =>
        WriteManifestsAsync(
            outputsDirectory,
            header,
            variables,
            byteOrderMark,
            async (files, ct) =>
            {
                var (job, file) = (new ManifestJobCells(), new ManifestFileCells());
                string? jobKey = null;
                long count = 0;
                await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
                {
                    // Consecutive rows with the same key are the same job (the store has one row per job key).
                    if (!string.Equals(row.JobKey, jobKey, StringComparison.Ordinal))
                    {
                        jobKey = row.JobKey;
                        job.Load(row);
                    }

                    file.Load(row);
                    files.Write(job, file);
                    count++;
                    if (files.Full)
                    {
                        await files.FlushAsync(ct).ConfigureAwait(false);
                    }
                }

                return count;
            },
            cancellationToken);

    /// <summary>Opens both files atomically, has <paramref name="writeRows"/> write the rows, and ends both documents.</summary>
    private static async Task<long> WriteManifestsAsync(
        string outputsDirectory,
        OutputHeader header,
        IReadOnlyList<string> variables,
        bool byteOrderMark,
        Func<ManifestFiles, CancellationToken, Task<long>> writeRows,
        CancellationToken cancellationToken)
    {
        long count = 0;
        await AtomicFile.WriteAsync(
            Path.Combine(outputsDirectory, ManifestJsonWriter.FileName),
            (jsonFile, ct) => AtomicFile.WriteAsync(
                Path.Combine(outputsDirectory, ManifestCsvWriter.FileName),
                async (csvFile, ct2) =>
                {
                    var files = new ManifestFiles(csvFile, jsonFile, header, variables, byteOrderMark);
                    count = await writeRows(files, ct2).ConfigureAwait(false);
                    await files.EndAsync(ct2).ConfigureAwait(false);
                },
                ct),
            cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <summary>manifest.csv and manifest.json being written: each encoded into a buffer that is written out in large blocks.</summary>
    private sealed class ManifestFiles
    {
        private const int Block = 1 << 20;
        private readonly ArrayBufferWriter<byte> _csvBytes = new(2 * Block);
        private readonly ArrayBufferWriter<byte> _jsonBytes = new(2 * Block);
        private readonly Stream _csvFile;
        private readonly Stream _jsonFile;
        private readonly StreamedWriteback _csvWriteback;
        private readonly StreamedWriteback _jsonWriteback;
        private readonly ManifestCsvWriter _csv;
        private readonly ManifestJsonWriter _json;

        public ManifestFiles(Stream csvFile, Stream jsonFile, OutputHeader header, IReadOnlyList<string> variables, bool byteOrderMark)
        {
            (_csvFile, _jsonFile) = (csvFile, jsonFile);
            (_csvWriteback, _jsonWriteback) = (new StreamedWriteback(csvFile), new StreamedWriteback(jsonFile));
            _csv = new ManifestCsvWriter(_csvBytes, header, variables, byteOrderMark);
            _json = new ManifestJsonWriter(_jsonBytes, header);
        }

        /// <summary>A buffer holds a block: time to flush.</summary>
        public bool Full => _csvBytes.WrittenCount > Block || _jsonBytes.WrittenCount > Block;

        public void Write(ManifestJobCells job, ManifestFileCells file)
        {
            _csv.Write(job, file);
            _json.Write(job, file);
        }

        /// <summary>Encodes <paramref name="batch"/> into manifest.csv, writing each full block.</summary>
        public void EncodeCsv(ManifestBatch batch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _csv.Write(batch.Job(i), batch.File(i));
            }

            WriteIfFull(_csvBytes, _csvFile, _csvWriteback);
        }

        /// <summary>Encodes <paramref name="batch"/> into manifest.json, writing each full block.</summary>
        public void EncodeJson(ManifestBatch batch)
        {
            for (var i = 0; i < batch.Count; i++)
            {
                _json.Write(batch.Job(i), batch.File(i));
            }

            WriteIfFull(_jsonBytes, _jsonFile, _jsonWriteback);
        }

        public Task FlushAsync(CancellationToken cancellationToken) =>
            Task.WhenAll(
                FlushAsync(_csvBytes, _csvFile, _csvWriteback, cancellationToken), FlushAsync(_jsonBytes, _jsonFile, _jsonWriteback, cancellationToken));

        public Task EndAsync(CancellationToken cancellationToken)
        {
            _json.End();
            return FlushAsync(cancellationToken);
        }

        private static void WriteIfFull(ArrayBufferWriter<byte> bytes, Stream file, StreamedWriteback writeback)
        {
            if (bytes.WrittenCount > Block)
            {
                file.Write(bytes.WrittenSpan);
                writeback.Wrote(bytes.WrittenCount);
                bytes.ResetWrittenCount();
            }
        }

        private static async Task FlushAsync(ArrayBufferWriter<byte> bytes, Stream file, StreamedWriteback writeback, CancellationToken cancellationToken)
        {
            await file.WriteAsync(bytes.WrittenMemory, cancellationToken).ConfigureAwait(false);
            writeback.Wrote(bytes.WrittenCount);
            bytes.ResetWrittenCount();
        }
    }
}
