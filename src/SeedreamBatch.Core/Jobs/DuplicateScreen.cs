namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// The first look for duplicate requests and output names over a whole manifest, in bounded memory: each job
/// leaves two 64-bit fingerprints (<see cref="FingerprintSpill"/>), and those seen twice are the suspects.
/// Equal requests (or names) always share a fingerprint, so no duplicate escapes the screen.
/// </summary>
public sealed class DuplicateScreen : IDisposable
{
    private readonly FingerprintSpill _requests;
    private readonly FingerprintSpill _names;

    public DuplicateScreen()
        : this(FingerprintSpill.DefaultCapacity)
    {
    }

    /// <param name="capacity">Fingerprints of each kind kept in memory before a sorted run goes to a temporary file.</param>
    /// <param name="directory">Where those files go (default: the system's temporary folder).</param>
    internal DuplicateScreen(int capacity, string? directory = null)
    {
        _requests = new FingerprintSpill(capacity, directory);
        _names = new FingerprintSpill(capacity, directory);
    }

    /// <summary>Sorted runs written to temporary files so far (both kinds).</summary>
    internal int SpilledRuns => _requests.SpilledRuns + _names.SpilledRuns;

    internal void Add(ulong request, ulong name)
    {
        _requests.Add(request);
        _names.Add(name);
    }

    /// <summary>The suspects, once every job has been added.</summary>
    public DuplicateSuspects Finish()
    {
        var requests = _requests.Repeated();
        var names = _names.Repeated();
        Dispose();
        return requests.Count == 0 && names.Count == 0 ? DuplicateSuspects.None : new DuplicateSuspects(requests, names);
    }

    public void Dispose()
    {
        _requests.Dispose();
        _names.Dispose();
    }
}
