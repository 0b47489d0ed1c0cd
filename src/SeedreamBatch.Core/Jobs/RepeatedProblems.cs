using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// Lists the first few occurrences of a problem that repeats row after row, then one line with the
/// count: a wrong output name in a 10,000-row catalog is one mistake, not 10,000 lines to read.
/// </summary>
internal sealed class RepeatedProblems(Action<Diagnostic> report, int listed = 3)
{
    private readonly Dictionary<string, (int Count, Diagnostic First)> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<(string, SourceLocation)> _places = [];

    /// <summary>Reports a problem of a kind; the same kind at the same place (one row, many jobs) counts once.</summary>
    public void Report(string kind, Diagnostic diagnostic)
    {
        if (!_places.Add((kind, diagnostic.Location)))
        {
            return;
        }

        var (count, first) = _seen.GetValueOrDefault(kind, (0, diagnostic));
        _seen[kind] = (count + 1, first);
        if (count < listed)
        {
            report(diagnostic);
        }
    }

    public void Summarise()
    {
        foreach (var (kind, (count, first)) in _seen.Where(s => s.Value.Count > listed))
        {
            report(first with { Message = $"... {kind}: {count - listed:N0} more rows like the ones above" });
        }
    }
}
