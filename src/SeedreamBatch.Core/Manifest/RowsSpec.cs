using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Rows;

namespace SeedreamBatch.Core.Manifest;

/// <summary>Where rows of variables come from (<c>rows:</c>), with the subset to use.</summary>
/// <param name="Path">Absolute path of the CSV/JSON file; null for inline rows.</param>
/// <param name="InlineRows">The rows written in the manifest itself.</param>
/// <param name="Where">Only rows matching every condition are used; null = all.</param>
/// <param name="Limit">Use at most this many (matching) rows; null = all.</param>
public sealed record RowsSpec(
    RowsSourceKind Kind,
    string? Path,
    char Delimiter,
    IReadOnlyList<Row> InlineRows,
    RowFilter? Where,
    long? Limit,
    SourceLocation Location)
{
    /// <summary>Opens the source; reading is lazy, so a million-row catalog streams.</summary>
    public IRowSource Open() => Kind switch
    {
        RowsSourceKind.Csv => RowSources.Csv(Shown, new CsvRowOptions { Delimiter = Delimiter }),
        RowsSourceKind.Json => RowSources.Json(Shown),
        RowsSourceKind.JsonLines => RowSources.JsonLines(Shown),
        _ => RowSources.Inline(InlineRows),
    };

    /// <summary>Sources are opened by the path shown to users, so their messages carry short paths.</summary>
    private string Shown => ManifestLoader.DisplayPath(Path!);

    /// <summary>The rows to expand, filtered and limited, in file order.</summary>
    public IEnumerable<Row> ReadSelected()
    {
        long taken = 0;
        foreach (var row in Open().Read())
        {
            if (Limit is { } limit && taken >= limit)
            {
                yield break;
            }

            if (Where is null || Where.Matches(row))
            {
                taken++;
                yield return row;
            }
        }
    }
}
