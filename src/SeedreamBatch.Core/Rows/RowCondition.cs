using System.Diagnostics.CodeAnalysis;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>
/// One <c>where:</c> entry. <c>category: [shoes, bags]</c> holds when the row's value equals one of the values;
/// <c>price: "!=0"</c> (or <c>["!=0", "!=1"]</c>) holds when it equals none of them. Comparison is exact and
/// case-sensitive, like the values themselves; a column the row lacks compares as the empty string.
/// </summary>
/// <param name="Column">The row variable compared.</param>
/// <param name="Values">The values, without the <c>!=</c> prefix.</param>
/// <param name="Negated">Holds when the value is none of <paramref name="Values"/>.</param>
/// <param name="Location">Where the entry is written, for errors about it.</param>
public sealed record RowCondition(string Column, IReadOnlyList<string> Values, bool Negated, SourceLocation Location)
{
    public const string NotPrefix = "!=";

    /// <summary>
    /// Builds a condition from the values as written. All must be plain or all must start with <c>!=</c>: mixing
    /// them has no single obvious meaning, so it is an error rather than a guess.
    /// </summary>
    public static bool TryParse(
        string column,
        IReadOnlyList<string> written,
        SourceLocation location,
        [NotNullWhen(true)] out RowCondition? condition,
        [NotNullWhen(false)] out Diagnostic? error)
    {
        condition = null;
        error = null;
        var negatedCount = written.Count(v => v.StartsWith(NotPrefix, StringComparison.Ordinal));
        if (written.Count == 0)
        {
            error = Diagnostic.Error(location, $"where '{column}' lists no values");
            return false;
        }

        if (negatedCount != 0 && negatedCount != written.Count)
        {
            error = Diagnostic.Error(location, $"where '{column}' mixes values with '!=' values; use one form");
            return false;
        }

        var negated = negatedCount > 0;
        var values = negated ? written.Select(v => v[NotPrefix.Length..]).ToArray() : [.. written];
        condition = new RowCondition(column, values, negated, location);
        return true;
    }

    public bool Matches(Row row)
    {
        var value = row.Values.TryGetValue(Column, out var found) ? found : string.Empty;
        var listed = false;
        foreach (var candidate in Values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                listed = true;
                break;
            }
        }

        return listed != Negated;
    }
}
