using SeedreamBatch.Core.Expansion;
using SeedreamBatch.Core.Rows;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// The matrix as seen by one row. An include/exclude entry may name catalog columns as well as axes
/// (<c>exclude: [{ style: lifestyle, category: socks }]</c>): the column keys are a condition on the row,
/// and for a row that meets it the rest of the entry follows GitHub Actions' rules. A row that does
/// not meet it does not see the entry at all, so an include never overwrites a row's own value.
/// Expansions are cached per set of applicable entries: catalogs have few distinct ones.
/// </summary>
internal sealed class RowMatrix
{
    private readonly MatrixSpec _spec;
    private readonly IReadOnlySet<string> _columns;
    private readonly MatrixEntry[] _entries;
    private readonly Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, string>>> _cache = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IReadOnlyDictionary<string, string>>? _rowIndependent;

    public RowMatrix(MatrixSpec spec, IReadOnlySet<string> columns)
    {
        _spec = spec;
        _columns = columns;
        _entries = [.. spec.Include, .. spec.Exclude];
        if (!_entries.Any(e => e.Values.Keys.Any(IsRowKey)))
        {
            _rowIndependent = Combinations(spec);
        }
    }

    /// <summary>The matrix for checking: entries with their row conditions removed (the conditions are checked against columns).</summary>
    public static MatrixSpec WithoutRowConditions(MatrixSpec spec, IReadOnlySet<string> columns) =>
        spec with
        {
            Include = [.. spec.Include.Select(e => Strip(e, columns, spec))],
            Exclude = [.. spec.Exclude.Select(e => Strip(e, columns, spec))],
        };

    public IReadOnlyList<IReadOnlyDictionary<string, string>> For(Row row)
    {
        if (_rowIndependent is not null)
        {
            return _rowIndependent;
        }

        var applies = new char[_entries.Length];
        for (var i = 0; i < _entries.Length; i++)
        {
            applies[i] = AppliesTo(_entries[i], row) ? '1' : '0';
        }

        var signature = new string(applies);
        if (!_cache.TryGetValue(signature, out var combinations))
        {
            var include = _spec.Include.Where((_, i) => applies[i] == '1').Select(e => Strip(e, _columns, _spec));
            var exclude = _spec.Exclude.Where((_, i) => applies[_spec.Include.Count + i] == '1').Select(e => Strip(e, _columns, _spec));
            combinations = Combinations(_spec with { Include = [.. include], Exclude = [.. exclude] });
            _cache[signature] = combinations;
        }

        return combinations;
    }

    /// <summary>An empty matrix (no axes, no includes) is one empty combination here: every row once.</summary>
    private static IReadOnlyList<IReadOnlyDictionary<string, string>> Combinations(MatrixSpec spec) =>
        spec.Axes.Count == 0 && spec.Include.Count == 0 ? [new Dictionary<string, string>()] : MatrixExpander.Expand(spec);

    private bool IsRowKey(string key) => IsRowKey(key, _columns, _spec);

    /// <summary>A catalog column that is not also an axis: a condition on the row.</summary>
    private static bool IsRowKey(string key, IReadOnlySet<string> columns, MatrixSpec spec) =>
        columns.Contains(key) && spec.Axes.All(a => a.Name != key);

    private bool AppliesTo(MatrixEntry entry, Row row)
    {
        foreach (var (key, value) in entry.Values)
        {
            if (IsRowKey(key) && (!row.Values.TryGetValue(key, out var actual) || actual != value))
            {
                return false;
            }
        }

        return true;
    }

    private static MatrixEntry Strip(MatrixEntry entry, IReadOnlySet<string> columns, MatrixSpec spec) =>
        entry with
        {
            Values = entry.Values
                .Where(p => !IsRowKey(p.Key, columns, spec))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
}
