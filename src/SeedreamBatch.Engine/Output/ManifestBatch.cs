using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>
/// A run of manifest rows read from the store into cells of their own, so manifest.csv and manifest.json can encode it
/// on two threads while the next batch is read (the reports of a million jobs use both cores). Reused batch after batch;
/// memory is a fixed number of rows.
/// </summary>
internal sealed class ManifestBatch
{
    public const int Capacity = 512;

    private readonly ManifestJobCells[] _jobs = new ManifestJobCells[Capacity];
    private readonly ManifestFileCells[] _files = new ManifestFileCells[Capacity];
    private readonly ManifestJobCells[] _jobOf = new ManifestJobCells[Capacity];

    public ManifestBatch()
    {
        for (var i = 0; i < Capacity; i++)
        {
            (_jobs[i], _files[i]) = (new(), new());
        }
    }

    public int Count { get; private set; }

    public ManifestJobCells Job(int row) => _jobOf[row];

    public ManifestFileCells File(int row) => _files[row];

    /// <summary>The chunk of ordinals its rows belong to, when filled by chunk (<see cref="ManifestCellReader.Chunk"/>).</summary>
    public long Chunk { get; private set; }

    /// <summary>
    /// Reads up to <see cref="Capacity"/> rows (<paramref name="byChunk"/>: of one chunk of ordinals, the next chunk's first
    /// row left for the next batch); false when the reader has no more after them.
    /// </summary>
    public bool Fill(ManifestCellReader reader, bool byChunk)
    {
        Count = 0;
        var jobs = 0;
        ManifestJobCells? job = null;
        while (Count < Capacity)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (Count == 0)
            {
                Chunk = reader.Chunk;
            }
            else if (byChunk && reader.Chunk != Chunk)
            {
                reader.Hold();
                return true;
            }

            // A batch's first row reads its job's cells again even when the job began in the batch before.
            if (job is null || reader.IsNewJob)
            {
                job = _jobs[jobs++];
                reader.ReadJob(job);
            }

            reader.ReadFile(_files[Count]);
            _jobOf[Count++] = job;
        }

        return true;
    }
}
