namespace SeedreamBatch.Core.Rows;

/// <summary>Rows written in the manifest itself (<c>rows: [ {sku: a}, ... ]</c>), already located by the loader.</summary>
internal sealed class InlineRowSource(IReadOnlyList<Row> rows) : IRowSource
{
    private readonly IReadOnlyList<Row> _rows = rows;

    public string Description => $"inline rows ({_rows.Count})";

    public IReadOnlyList<string> Columns() => RowColumns.Union(_rows);

    public IEnumerable<Row> Read() => _rows;
}
