using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Expansion;

/// <summary>
/// Expands a matrix with GitHub Actions <c>strategy.matrix</c> semantics:
/// <list type="number">
/// <item>The cartesian product of the axes in declared order; the first axis varies slowest.</item>
/// <item><c>exclude</c>: a combination is removed when it matches every key:value of some entry (a partial match).</item>
/// <item><c>include</c>, entry by entry: its pairs are merged into every remaining product combination where none of
/// them would overwrite an original axis value (axis keys must be equal; other keys are added, and may overwrite a
/// value an earlier include added). An entry merged into no combination becomes a combination of its own, appended
/// after the product in include order. Includes only ever merge into product combinations, never into ones an
/// earlier include created — GitHub's documented fruit/animal example depends on that.</item>
/// </list>
/// No axes: the includes are the combinations. An axis with no values: no combinations at all (GitHub rejects such a
/// matrix; <see cref="Check"/> reports it as an error).
/// </summary>
public static class MatrixExpander
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Expand(MatrixSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Axes.Any(a => a.Values.Count == 0))
        {
            return [];
        }

        var product = Product(spec.Axes)
            .Where(combination => !spec.Exclude.Any(entry => Matches(entry, combination)))
            .ToList();

        var axisNames = spec.Axes.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var added = new List<Dictionary<string, string>>();
        foreach (var entry in spec.Include)
        {
            var merged = false;
            foreach (var combination in product)
            {
                if (CanMerge(entry, combination, axisNames))
                {
                    foreach (var (key, value) in entry.Values)
                    {
                        combination[key] = value;
                    }

                    merged = true;
                }
            }

            if (!merged)
            {
                added.Add(new Dictionary<string, string>(entry.Values, StringComparer.Ordinal));
            }
        }

        return [.. product, .. added];
    }

    /// <summary>
    /// Problems worth telling the user before expanding. Errors: an axis with no values, an axis named twice, an
    /// exclude key that is not an axis (GitHub fails the workflow with "Matrix exclude key '…' does not match any key
    /// within the matrix": excludes run before includes, so keys only includes add cannot be excluded). Warnings: an
    /// exclude entry that removes nothing, an include entry with no keys.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Check(MatrixSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var diagnostics = new List<Diagnostic>();
        var axes = new Dictionary<string, MatrixAxis>(StringComparer.Ordinal);
        foreach (var axis in spec.Axes)
        {
            if (!axes.TryAdd(axis.Name, axis))
            {
                diagnostics.Add(Diagnostic.Error(axis.Location, $"matrix variable '{axis.Name}' is declared twice (first at {axes[axis.Name].Location})"));
            }

            if (axis.Values.Count == 0)
            {
                diagnostics.Add(Diagnostic.Error(axis.Location, $"matrix variable '{axis.Name}' has no values, so the matrix has no combinations"));
            }
        }

        foreach (var entry in spec.Exclude)
        {
            var unknown = entry.Values.Keys.Where(k => !axes.ContainsKey(k)).ToList();
            foreach (var key in unknown)
            {
                diagnostics.Add(Diagnostic.Error(entry.Location, $"matrix exclude key '{key}' is not a matrix variable (known: {string.Join(", ", axes.Keys)})"));
            }

            // Every product combination exists, so an entry matches one exactly when each of its values is on its axis.
            var value = entry.Values.FirstOrDefault(p => axes.TryGetValue(p.Key, out var axis) && !axis.Values.Contains(p.Value));
            if (unknown.Count == 0 && value.Key is not null)
            {
                diagnostics.Add(Diagnostic.Warning(entry.Location, $"matrix exclude {Describe(entry)} matches no combination: '{value.Value}' is not a value of '{value.Key}'"));
            }
        }

        foreach (var entry in spec.Include.Where(e => e.Values.Count == 0))
        {
            diagnostics.Add(Diagnostic.Warning(entry.Location, "matrix include entry is empty and adds nothing"));
        }

        return diagnostics;
    }

    /// <summary>The cartesian product, first axis slowest, as mutable dictionaries that include merges into.</summary>
    private static IEnumerable<Dictionary<string, string>> Product(IReadOnlyList<MatrixAxis> axes)
    {
        if (axes.Count == 0)
        {
            yield break;
        }

        var indexes = new int[axes.Count];
        while (true)
        {
            var combination = new Dictionary<string, string>(axes.Count, StringComparer.Ordinal);
            for (var i = 0; i < axes.Count; i++)
            {
                combination[axes[i].Name] = axes[i].Values[indexes[i]];
            }

            yield return combination;

            var axis = axes.Count - 1;
            while (axis >= 0 && ++indexes[axis] == axes[axis].Values.Count)
            {
                indexes[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }

    private static bool Matches(MatrixEntry entry, Dictionary<string, string> combination) =>
        entry.Values.All(pair => combination.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static bool CanMerge(MatrixEntry entry, Dictionary<string, string> combination, HashSet<string> axisNames) =>
        entry.Values.All(pair => !axisNames.Contains(pair.Key) || combination[pair.Key] == pair.Value);

    private static string Describe(MatrixEntry entry) =>
        "{ " + string.Join(", ", entry.Values.Select(p => $"{p.Key}: {p.Value}")) + " }";
}
