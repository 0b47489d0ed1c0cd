namespace SeedreamBatch.Core.Rows;

/// <summary>The row sources a manifest's <c>rows:</c> can name. Nothing is read until a source is asked.</summary>
public static class RowSources
{
    public static IRowSource Csv(string path, CsvRowOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        return new CsvRowSource(path, options);
    }

    /// <summary>A file holding one JSON array of objects.</summary>
    public static IRowSource Json(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new JsonArrayRowSource(path);
    }

    /// <summary>A file with one JSON object per line (<c>.jsonl</c>).</summary>
    public static IRowSource JsonLines(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new JsonLinesRowSource(path);
    }

    public static IRowSource Inline(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new InlineRowSource(rows);
    }
}
