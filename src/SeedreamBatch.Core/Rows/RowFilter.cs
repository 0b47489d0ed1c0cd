using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>A manifest's <c>where:</c>: a row is used when every condition holds (no conditions: every row).</summary>
public sealed record RowFilter(IReadOnlyList<RowCondition> Conditions)
{
    public static RowFilter All { get; } = new([]);

    public bool Matches(Row row)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.Matches(row))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Errors for conditions on columns the source does not have: almost always a typo that would silently drop every row.</summary>
    public IReadOnlyList<Diagnostic> Check(IReadOnlyList<string> columns) =>
        [.. Conditions
            .Where(c => !columns.Contains(c.Column, StringComparer.Ordinal))
            .Select(c => Diagnostic.Error(c.Location, $"where '{c.Column}': the rows have no such column (columns: {string.Join(", ", columns)})"))];
}
