namespace SeedreamBatch.Core.Rows;

internal static class RowColumns
{
    /// <summary>Every key any row has, in first-seen order (rows from JSON or inline lists need not share keys).</summary>
    public static IReadOnlyList<string> Union(IEnumerable<Row> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var columns = new List<string>();
        foreach (var row in rows)
        {
            foreach (var key in row.Values.Keys)
            {
                if (seen.Add(key))
                {
                    columns.Add(key);
                }
            }
        }

        return columns;
    }
}
