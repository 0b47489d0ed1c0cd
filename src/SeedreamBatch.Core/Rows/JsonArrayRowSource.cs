namespace SeedreamBatch.Core.Rows;

/// <summary>A JSON file holding an array of objects; see <see cref="JsonRowBuilder"/> for how values become text.</summary>
internal sealed class JsonArrayRowSource(string path) : IRowSource
{
    private readonly string _path = path;

    public string Description => $"JSON file '{_path}'";

    /// <summary>Reads the whole file (streaming): keys may first appear in any object.</summary>
    public IReadOnlyList<string> Columns() => RowColumns.Union(Read());

    public IEnumerable<Row> Read()
    {
        using var reader = new JsonArrayRowReader(_path);
        while (reader.TryRead(out var row))
        {
            yield return row;
        }
    }
}
