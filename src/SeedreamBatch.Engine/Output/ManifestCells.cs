using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Output;

/// <summary>The text columns of a manifest row that belong to its job (repeated on each of the job's rows).</summary>
internal enum JobText
{
    JobKey,
    Status,
    Provider,
    Model,
    ProviderModelId,
    Prompt,
    Size,
    TaskId,
    Review,
    ReviewReason,
    ReviewedBy,
    ReviewedAt,
}

/// <summary>The text columns of a manifest row that belong to the row itself: its file, or the failure it stands for.</summary>
internal enum RowText
{
    ErrorKind,
    ErrorCode,
    ErrorMessage,
    Variant,
    Path,
    Format,
    Sha256,
}

/// <summary>
/// Text cells as UTF-8, each a span of one reusable buffer (or null). The manifest writers encode from these rather than
/// from strings, so the end-of-run reports copy SQLite's own UTF-8 bytes (<see cref="StateReader.ReadCurrentOutputCells"/>)
/// instead of making two strings per cell, and a <see cref="ManifestRow"/> (tests, <c>merge</c>) is encoded once into the
/// same form and written by the same code.
/// </summary>
/// <typeparam name="TCell">The enum naming the cells.</typeparam>
internal abstract class Utf8Cells<TCell>
    where TCell : struct, Enum
{
    private static readonly int CellCount = Enum.GetValues<TCell>().Length;
    private readonly int[] _start = new int[CellCount];
    private readonly int[] _length = new int[CellCount];
    private byte[] _text = new byte[1024];
    private int _used;

    /// <summary>Every cell null again.</summary>
    public void Clear()
    {
        _used = 0;
        Array.Fill(_length, -1);
    }

    public bool IsNull(TCell cell) => _length[Index(cell)] < 0;

    /// <summary>The cell's UTF-8 bytes (empty when null: ask <see cref="IsNull"/>).</summary>
    public ReadOnlySpan<byte> this[TCell cell]
    {
        get
        {
            var i = Index(cell);
            return _length[i] < 0 ? default : _text.AsSpan(_start[i], _length[i]);
        }
    }

    public void Set(TCell cell, ReadOnlySpan<byte> utf8)
    {
        Reserve(utf8.Length);
        utf8.CopyTo(_text.AsSpan(_used));
        Place(cell, utf8.Length);
    }

    public void Set(TCell cell, string? text)
    {
        if (text is null)
        {
            _length[Index(cell)] = -1;
            return;
        }

        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        Place(cell, Encoding.UTF8.GetBytes(text, _text.AsSpan(_used)));
    }

    /// <summary>The cell's text as a string (rare paths: values that need escaping).</summary>
    public string? Text(TCell cell) => IsNull(cell) ? null : Encoding.UTF8.GetString(this[cell]);

    private static int Index(TCell cell) => Unsafe.As<TCell, int>(ref cell);

    private void Reserve(int bytes)
    {
        if (_text.Length - _used < bytes)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _used + bytes));
        }
    }

    private void Place(TCell cell, int length)
    {
        var i = Index(cell);
        _start[i] = _used;
        _length[i] = length;
        _used += length;
    }
}

/// <summary>A manifest row's job columns: text cells, numbers and variables.</summary>
internal sealed class ManifestJobCells : Utf8Cells<JobText>
{
    /// <summary>Bumped for each job loaded: a writer encodes a job's cells once, for the first of its rows.</summary>
    public long Version { get; private set; }

    public long Ordinal { get; set; }

    public bool Simulated { get; set; }

    public int? Seed { get; set; }

    public bool SeedHonoured { get; set; }

    public int Attempts { get; set; }

    public decimal EstimatedCostUsd { get; set; }

    public decimal? BilledCostUsd { get; set; }

    public int? BilledImages { get; set; }

    public long? GenerationMs { get; set; }

    public long? TotalMs { get; set; }

    public ManifestVariables Variables { get; } = new();

    /// <summary>Starts the next job: every cell null.</summary>
    public void Next()
    {
        Clear();
        Version++;
    }

    /// <summary>The review columns of <paramref name="review"/> (none when null).</summary>
    public void SetReview(Review.ReviewDecision? review)
    {
        Set(JobText.Review, review?.Decision);
        Set(JobText.ReviewReason, review?.Reason);
        Set(JobText.ReviewedBy, review?.DecidedBy);
        Set(JobText.ReviewedAt, review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Loads <paramref name="row"/>'s job columns.</summary>
    public void Load(ManifestRow row)
    {
        Next();
        Set(JobText.JobKey, row.JobKey);
        Set(JobText.Status, row.Status.ToName());
        Set(JobText.Provider, row.Provider);
        Set(JobText.Model, row.Model);
        Set(JobText.ProviderModelId, row.ProviderModelId);
        Set(JobText.Prompt, row.Prompt);
        Set(JobText.Size, row.Size);
        Set(JobText.TaskId, row.TaskId);
        SetReview(row.Review);
        Ordinal = row.Ordinal;
        Simulated = row.Simulated;
        Seed = row.Seed;
        SeedHonoured = row.SeedHonoured;
        Attempts = row.Attempts;
        EstimatedCostUsd = row.EstimatedCostUsd;
        BilledCostUsd = row.BilledCostUsd;
        BilledImages = row.BilledImages;
        GenerationMs = row.GenerationMs;
        TotalMs = row.TotalMs;
        Variables.Load(row.Variables);
    }
}

/// <summary>A manifest row's own columns: its file (or failed image) and the failure shown on it.</summary>
internal sealed class ManifestFileCells : Utf8Cells<RowText>
{
    public int? ImageIndex { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public long? Bytes { get; set; }

    /// <summary>Loads <paramref name="row"/>'s own columns: its file and the job's failure.</summary>
    public void Load(ManifestRow row)
    {
        Clear();
        var failure = row.Failure;
        Set(RowText.ErrorKind, failure?.Kind.Name);
        Set(RowText.ErrorCode, failure?.Code);
        Set(RowText.ErrorMessage, failure?.Message);
        var file = row.Output;
        Set(RowText.Variant, file?.Variant);
        Set(RowText.Path, file?.Path);
        Set(RowText.Format, file?.Format);
        Set(RowText.Sha256, file?.Sha256);
        ImageIndex = file?.ImageIndex;
        Width = file?.Width;
        Height = file?.Height;
        Bytes = file?.Bytes;
    }
}
