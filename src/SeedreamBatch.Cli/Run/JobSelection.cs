using SeedreamBatch.Core.Jobs;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// <c>--where name=value</c> (repeatable, all must hold) and <c>--job KEY</c> (full or a prefix of at least 8 hex digits):
/// which jobs of a manifest <c>redo</c> or <c>run --only</c> take. A malformed condition or an unknown variable is an
/// error, never a selection of nothing.
/// </summary>
internal sealed class JobSelection
{
    private readonly List<(string Name, string Value)> _conditions;
    private readonly List<string> _keys;

    private JobSelection(List<(string Name, string Value)> conditions, List<string> keys)
    {
        _conditions = conditions;
        _keys = keys;
    }

    public bool IsEmpty => _conditions.Count == 0 && _keys.Count == 0;

    public IReadOnlyList<(string Name, string Value)> Conditions => _conditions;

    /// <summary>Parses the conditions; null with <paramref name="error"/> (one line, naming the option) when one is malformed.</summary>
    public static JobSelection? Parse(string option, IEnumerable<string> conditions, IEnumerable<string> keys, out string? error)
    {
        error = null;
        var parsed = new List<(string, string)>();
        foreach (var condition in conditions)
        {
            var at = condition.IndexOf('=', StringComparison.Ordinal);
            var name = at > 0 ? condition[..at].Trim() : "";
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                error = $"{option} '{condition}': expected name=value (a job variable, e.g. {option} sku=SKU-017)";
                return null;
            }

            parsed.Add((name, condition[(at + 1)..].Trim()));
        }

        var keyList = new List<string>();
        foreach (var key in keys)
        {
            var k = key.Trim().ToLowerInvariant();
            if (k.Length < 8 || !k.All(Uri.IsHexDigit))
            {
                error = $"--job '{key}': expected a job key (at least its first 8 hex digits, as status and manifest.csv show)";
                return null;
            }

            keyList.Add(k);
        }

        return new JobSelection(parsed, keyList);
    }

    /// <summary>The first condition naming a variable no job has, as one line; null when all are known.</summary>
    public string? CheckVariables(string option, IReadOnlyCollection<string> known) =>
        _conditions.FirstOrDefault(c => !known.Contains(c.Name)) is { Name: not null } unknown
            ? $"{option} {unknown.Name}={unknown.Value}: unknown variable '{unknown.Name}' (the jobs have: {string.Join(", ", known.Order(StringComparer.Ordinal))})"
            : null;

    /// <summary>Whether <paramref name="job"/> (or, for <c>--job</c>, the stored key <paramref name="storedKey"/> of its item) is selected.</summary>
    public bool Matches(Job job, string? storedKey = null) =>
        (_keys.Count == 0 || _keys.Any(k => job.Key.StartsWith(k, StringComparison.Ordinal) || (storedKey?.StartsWith(k, StringComparison.Ordinal) ?? false)))
        && _conditions.All(c => job.Variables.TryGetValue(c.Name, out var value) && value == c.Value);
}
