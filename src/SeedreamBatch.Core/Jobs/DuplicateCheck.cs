namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// How one expansion finds jobs that repeat an earlier job's request or output name. Exact in every mode that
/// reports: a duplicate is reported only when the job key (SHA-256 of the canonical request) or the case-folded
/// name is equal, never because two fingerprints met. One instance per expansion (it remembers what it saw).
/// </summary>
public sealed class DuplicateCheck
{
    private readonly DuplicateScreen? _screen;
    private readonly DuplicateSuspects? _suspects;
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private DuplicateCheck(DuplicateScreen? screen, DuplicateSuspects? suspects)
    {
        _screen = screen;
        _suspects = suspects;
    }

    /// <summary>
    /// Every job's key and name kept and compared: exact, memory grows with the job count. For expansions that stop
    /// early or are small (tests, <c>plan --show</c>); whole manifests go through a screen first (<see cref="Among"/>).
    /// </summary>
    public static DuplicateCheck All() => new(null, null);

    /// <summary>
    /// Only the jobs whose fingerprints a screen of the same expansion found twice are compared (exactly); memory
    /// grows with the number of suspects, i.e. of real duplicates, not with the job count.
    /// </summary>
    public static DuplicateCheck Among(DuplicateSuspects suspects) => new(null, suspects ?? throw new ArgumentNullException(nameof(suspects)));

    /// <summary>Records every job's fingerprints into <paramref name="screen"/> and skips nothing (the first pass).</summary>
    public static DuplicateCheck Screen(DuplicateScreen screen) => new(screen ?? throw new ArgumentNullException(nameof(screen)), null);

    /// <summary>False when an earlier job of this expansion made the same request.</summary>
    internal bool ClaimRequest(JobKey key)
    {
        if (_screen is not null || (_suspects is not null && !_suspects.Requests.Contains(key.Fingerprint)))
        {
            return true;
        }

        return _keys.Add(key.Value);
    }

    /// <summary>False when an earlier job of this expansion writes the same file, as case-insensitive file systems see it.</summary>
    internal bool ClaimName(string baseName)
    {
        if (_screen is not null || (_suspects is not null && !_suspects.Names.Contains(OutputNameFold.Fingerprint(baseName))))
        {
            return true;
        }

        return _names.Add(OutputNameFold.Fold(baseName));
    }

    /// <summary>While screening: the job's fingerprints go to the screen.</summary>
    internal void Record(JobKey key, string baseName) => _screen?.Add(key.Fingerprint, OutputNameFold.Fingerprint(baseName));
}
