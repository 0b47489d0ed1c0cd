using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Rows;

namespace SeedreamBatch.Core.Tests.Rows;

public sealed class CsvRowSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static List<Row> ReadAll(string path, CsvRowOptions? options = null) =>
        [.. RowSources.Csv(path, options ?? CsvRowOptions.Default).Read()];

    private static Diagnostic ReadError(string path) => RowSourceAssert.ReadFails(RowSources.Csv(path, CsvRowOptions.Default));

    [Fact]
    public void Read_SimpleFile_RowsWithHeaderKeysLinesAndIndexes()
    {
        var path = _dir.Write("catalog.csv", "sku,name,color\nA1,Shoe,red\nB2,Bag,blue\n");

        var rows = ReadAll(path);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new Dictionary<string, string> { ["sku"] = "A1", ["name"] = "Shoe", ["color"] = "red" }, rows[0].Values);
        Assert.Equal(new SourceLocation(path, 2, 0), rows[0].Location);
        Assert.Equal(new SourceLocation(path, 3, 0), rows[1].Location);
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
    }

    [Fact]
    public void Read_ChineseTextWithBom_DecodedAndBomNotInFirstHeader()
    {
        var path = _dir.Write("zh.csv", "sku,名称\nA1,红色连衣裙\n", bom: true);

        var row = Assert.Single(ReadAll(path));

        Assert.Equal("A1", row.Values["sku"]);
        Assert.Equal("红色连衣裙", row.Values["名称"]);
    }

    [Fact]
    public void Read_QuotedFields_CommasNewlinesAndDoubledQuotesKept()
    {
        var path = _dir.Write("q.csv", "sku,desc\nA1,\"soft, warm\"\nB2,\"line one\nline two\"\nC3,\"say \"\"hi\"\"\"\nD4,plain\n");

        var rows = ReadAll(path);

        Assert.Equal(["soft, warm", "line one\nline two", "say \"hi\"", "plain"], rows.Select(r => r.Values["desc"]));
        Assert.Equal([2, 3, 5, 6], rows.Select(r => r.Location.Line));
    }

    [Fact]
    public void Read_CrlfAndNoTrailingNewline_SameRows()
    {
        var path = _dir.Write("crlf.csv", "sku,name\r\nA1,Shoe\r\nB2,\"Two\r\nLines\"\r\nC3,Hat");

        var rows = ReadAll(path);

        Assert.Equal(["Shoe", "Two\r\nLines", "Hat"], rows.Select(r => r.Values["name"]));
        Assert.Equal([2, 3, 5], rows.Select(r => r.Location.Line));
    }

    [Fact]
    public void Read_TrailingAndInnerBlankLines_Skipped()
    {
        var path = _dir.Write("blank.csv", "sku\nA1\n\nB2\n\n");

        var rows = ReadAll(path);

        Assert.Equal(["A1", "B2"], rows.Select(r => r.Values["sku"]));
        Assert.Equal([2, 4], rows.Select(r => r.Location.Line));
    }

    [Fact]
    public void Read_SpacesAroundValues_KeptExactly()
    {
        var path = _dir.Write("spaces.csv", "sku,name\nA1,  padded  \n");

        Assert.Equal("  padded  ", Assert.Single(ReadAll(path)).Values["name"]);
    }

    [Theory]
    [InlineData("sku,name,color\nA1,Shoe,red\nB2,Bag\n", 3, "expected 3 fields as in the header, got 2")]
    [InlineData("sku,name\nA1,Shoe\n\nB2,Bag,extra\n", 4, "expected 2 fields as in the header, got 3")]
    public void Read_WrongFieldCount_ErrorWithLineAndCounts(string text, int line, string message)
    {
        var path = _dir.Write("bad.csv", text);

        var error = ReadError(path);

        Assert.Equal(new SourceLocation(path, line, 0), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Read_RowsBeforeBadRecord_AreYieldedFirst()
    {
        var path = _dir.Write("late.csv", "sku,name\nA1,Shoe\nB2\n");
        var yielded = new List<Row>();

        Assert.Throws<InputException>(() =>
        {
            foreach (var row in RowSources.Csv(path, CsvRowOptions.Default).Read())
            {
                yielded.Add(row);
            }
        });

        Assert.Single(yielded);
    }

    [Fact]
    public void Columns_DuplicateAndEmptyHeaderNames_ErrorsNameColumnAndFile()
    {
        var path = _dir.Write("dup.csv", "sku,name,,sku\nA1,x,y,z\n");

        var error = Assert.Throws<InputException>(() => RowSources.Csv(path, CsvRowOptions.Default).Columns());

        Assert.Equal(["header column 3 has no name", "header column 4 'sku' repeats column 1"], error.Diagnostics.Select(d => d.Message));
        Assert.All(error.Diagnostics, d => Assert.Equal(path, d.Location.File));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_Header_InFileOrder()
    {
        var path = _dir.Write("h.csv", "sku,product-name,color\n");

        Assert.Equal(["sku", "product-name", "color"], RowSources.Csv(path, CsvRowOptions.Default).Columns());
        Assert.Empty(ReadAll(path));
    }

    [Fact]
    public void Read_EmptyFile_ErrorAsksForHeader()
    {
        var path = _dir.Write("empty.csv", string.Empty);

        Assert.Contains("header row", ReadError(path).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesPath()
    {
        var path = Path.Combine(_dir.Path, "nope.csv");
        var source = RowSources.Csv(path, CsvRowOptions.Default);

        var columnsError = Assert.Throws<InputException>(() => source.Columns());
        var readError = ReadError(path);

        Assert.Contains($"'{path}' does not exist", columnsError.Message, StringComparison.Ordinal);
        Assert.Equal(SourceLocation.OfFile(path), readError.Location);
    }

    [Fact]
    public void Read_SemicolonDelimiter_Configured()
    {
        var path = _dir.Write("semi.csv", "sku;name\nA1;Shoe, red\n");

        var row = Assert.Single(ReadAll(path, new CsvRowOptions { Delimiter = ';' }));

        Assert.Equal("Shoe, red", row.Values["name"]);
    }

    [Theory]
    [InlineData("sku;name;color\nA1;Shoe;red\nB2;Bag;blue\n")]
    [InlineData("sku\tname\tcolor\nA1\tShoe\tred\nB2\tBag\tblue\n")]
    public void Read_DetectDelimiter_FindsSemicolonOrTab(string text)
    {
        var path = _dir.Write("auto.csv", text);

        var rows = ReadAll(path, new CsvRowOptions { DetectDelimiter = true });

        Assert.Equal(["red", "blue"], rows.Select(r => r.Values["color"]));
    }

    [Fact]
    public void Read_InvalidUtf8_ErrorWithLine()
    {
        // "café" in Latin-1: 0xE9 is not valid UTF-8 on its own.
        var path = _dir.WriteBytes("latin1.csv", [.. "sku,name\nA1,caf"u8, 0xE9, (byte)'\n']);

        var error = ReadError(path);

        Assert.Equal(2, error.Location.Line);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StrayQuote_ErrorWithLine()
    {
        var path = _dir.Write("quote.csv", "sku,name\nA1,ok\nB2,\"open\"x\n");

        var error = ReadError(path);

        Assert.Equal(3, error.Location.Line);
        Assert.StartsWith("malformed CSV", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnclosedQuote_PointsAtTheQuoteOnceWithoutCsvHelpersDetail()
    {
        var path = _dir.Write("open.csv", "sku,name,color\nA1,\"Linen shirt,navy\nB2,Tee,white\nC3,\"Cap\"x,red\n");

        var error = ReadError(path);

        Assert.Equal((2, 4), (error.Location.Line, error.Location.Column));
        Assert.DoesNotContain("in record", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("byte offset", error.Message, StringComparison.Ordinal);
        Assert.Contains("not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EnumeratedTwice_RereadsFile()
    {
        var path = _dir.Write("twice.csv", "sku\nA1\n");
        var source = RowSources.Csv(path, CsvRowOptions.Default);

        Assert.Single(source.Read());
        File.AppendAllText(path, "B2\n");
        Assert.Equal(2, source.Read().Count());
        Assert.Contains(path, source.Description, StringComparison.Ordinal);
    }
}
