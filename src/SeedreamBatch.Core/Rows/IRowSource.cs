using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>Where rows come from: a catalog file or an inline list. Reading is lazy and streams the file.</summary>
public interface IRowSource
{
    /// <summary>For messages: <c>CSV file 'catalog.csv'</c>.</summary>
    string Description { get; }

    /// <summary>
    /// The variable names rows can have, so validation can reject templates that use others: the CSV header, or the
    /// union of keys of every JSON object (first-seen order).
    /// </summary>
    /// <exception cref="InputException">The file is missing, unreadable or malformed.</exception>
    IReadOnlyList<string> Columns();

    /// <summary>The rows in file order; each enumeration re-reads the file.</summary>
    /// <exception cref="InputException">While enumerating: the file is missing or malformed (with file:line).</exception>
    IEnumerable<Row> Read();
}
