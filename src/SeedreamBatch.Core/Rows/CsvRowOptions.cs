namespace SeedreamBatch.Core.Rows;

/// <summary>How a CSV catalog is read. The first record is always the header.</summary>
public sealed record CsvRowOptions
{
    public static CsvRowOptions Default { get; } = new();

    /// <summary>Field separator; default <c>,</c>.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// Choose among <c>,</c> <c>;</c> and tab from the file's first lines (spreadsheets in many locales save
    /// <c>;</c>); <see cref="Delimiter"/> is ignored then. Default false: explicit is predictable.
    /// </summary>
    public bool DetectDelimiter { get; init; }
}
