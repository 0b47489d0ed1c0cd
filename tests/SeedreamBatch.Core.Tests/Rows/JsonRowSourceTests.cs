using System.Text;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Rows;

namespace SeedreamBatch.Core.Tests.Rows;

public sealed class JsonRowSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Diagnostic ReadError(IRowSource source) => RowSourceAssert.ReadFails(source);

    [Fact]
    public void Read_ArrayOfObjects_FlattensAndFormatsValues()
    {
        var path = _dir.Write("rows.json", """
            [
              { "sku": "A1", "price": 19.90, "count": 3, "new": true, "old": false, "gone": null,
                "product": { "name": "红色连衣裙", "size": { "eu": 38 } }, "quote": "say \"hi\"\n" }
            ]
            """);

        var row = Assert.Single(RowSources.Json(path).Read());

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["sku"] = "A1",
                ["price"] = "19.90",
                ["count"] = "3",
                ["new"] = "true",
                ["old"] = "false",
                ["product.name"] = "红色连衣裙",
                ["product.size.eu"] = "38",
                ["quote"] = "say \"hi\"\n",
            },
            row.Values);
        Assert.Equal(new SourceLocation(path, 2, 3), row.Location);
        Assert.Equal(0, row.Index);
    }

    [Fact]
    public void Read_SeveralObjects_LocationsPointAtEachBrace()
    {
        var path = _dir.Write("rows.json", "[{\"a\":\"é\"},  {\"a\":\"2\"},\n\n   {\"a\":\"3\"}]", bom: true);

        var rows = RowSources.Json(path).Read().ToList();

        Assert.Equal(
            [new SourceLocation(path, 1, 2), new SourceLocation(path, 1, 14), new SourceLocation(path, 3, 4)],
            rows.Select(r => r.Location));
        Assert.Equal([0L, 1L, 2L], rows.Select(r => r.Index));
    }

    [Fact]
    public void Read_EmptyArray_NoRows()
    {
        Assert.Empty(RowSources.Json(_dir.Write("e.json", " [ ] \n")).Read());
    }

    [Fact]
    public void Read_LargeFile_StreamsAcrossBufferBoundaries()
    {
        var text = new StringBuilder("[\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i == 0 ? "  " : ", ").Append($"{{\"sku\": \"S{i}\", \"desc\": \"{new string('x', i % 50)}\", \"n\": {i}}}\n");
        }

        // One value far larger than the read buffer.
        text.Append($", {{\"sku\": \"big\", \"desc\": \"{new string('y', 300_000)}\"}}\n]");
        var path = _dir.Write("big.json", text.ToString());

        var rows = RowSources.Json(path).Read().ToList();

        Assert.Equal(20_001, rows.Count);
        Assert.Equal("S12345", rows[12_345].Values["sku"]);
        Assert.Equal("12345", rows[12_345].Values["n"]);
        Assert.Equal(new SourceLocation(path, 12_347, 3), rows[12_345].Location);
        Assert.Equal(300_000, rows[^1].Values["desc"].Length);
        Assert.Equal(new SourceLocation(path, 20_002, 3), rows[^1].Location);
    }

    [Fact]
    public void Read_ArrayValue_ErrorAtArray()
    {
        var path = _dir.Write("arr.json", "[\n {\"sku\": \"A\"},\n {\"sku\": \"B\", \"tags\": [\"x\"]}\n]");

        var error = ReadError(RowSources.Json(path));

        Assert.Equal(new SourceLocation(path, 3, 23), error.Location);
        Assert.Contains("'tags' is an array", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"sku\": \"A\"}", 1, 1, "JSON array of objects")]
    [InlineData("[{\"sku\": \"A\"}, 42]", 1, 16, "array item 2 is a number, not an object")]
    [InlineData("[\n  \"x\"]", 2, 3, "array item 1 is a string")]
    [InlineData("[{\"a\": \"1\", \"a\": \"2\"}]", 1, 18, "key 'a' appears twice")]
    [InlineData("[{\"p.q\": \"1\", \"p\": {\"q\": \"2\"}}]", 1, 26, "key 'p.q' appears twice")]
    public void Read_WrongShape_ErrorWithLocation(string text, int line, int column, string message)
    {
        var path = _dir.Write("shape.json", text);

        var error = ReadError(RowSources.Json(path));

        Assert.Equal(new SourceLocation(path, line, column), error.Location);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\n {\"a\": \"1\"},\n {\"a\": 1,}\n]", 3)]
    [InlineData("[\n {\"a\": \"1\"}\n", 3)]
    [InlineData("[{\"a\": \"1\"}] trailing", 1)]
    [InlineData("", 1)]
    public void Read_Malformed_ErrorWithLine(string text, int line)
    {
        var path = _dir.Write("bad.json", text);

        var error = ReadError(RowSources.Json(path));

        Assert.Equal(path, error.Location.File);
        Assert.Equal(line, error.Location.Line);
        Assert.StartsWith("malformed JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_ErrorWithLine()
    {
        // "café" in Latin-1 inside a JSON string, then the same as a JSON Lines file.
        var json = _dir.WriteBytes("latin1.json", [.. "[\n{\"a\": \"caf"u8, 0xE9, .. "\"}]"u8]);
        var jsonl = _dir.WriteBytes("latin1.jsonl", [.. "{\"a\": \"ok\"}\n{\"a\": \"caf"u8, 0xE9, .. "\"}\n"u8]);

        var jsonError = ReadError(RowSources.Json(json));
        var jsonlError = ReadError(RowSources.JsonLines(jsonl));

        Assert.Equal(2, jsonError.Location.Line);
        Assert.Equal(2, jsonlError.Location.Line);
        Assert.All([jsonError, jsonlError], e => Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Columns_KeysOfAllObjects_UnionInFirstSeenOrder()
    {
        var path = _dir.Write("cols.json", "[{\"a\":\"1\",\"b\":{\"c\":\"2\"}},{\"d\":\"3\",\"a\":\"4\"}]");

        Assert.Equal(["a", "b.c", "d"], RowSources.Json(path).Columns());
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesPath()
    {
        var path = Path.Combine(_dir.Path, "missing.json");

        Assert.Contains(path, ReadError(RowSources.Json(path)).Message, StringComparison.Ordinal);
        Assert.Contains(path, ReadError(RowSources.JsonLines(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLines_ObjectsPerLine_BlankLinesSkippedLinesCounted()
    {
        var path = _dir.Write("rows.jsonl", "{\"sku\":\"A1\",\"p\":{\"n\":1}}\n\n   \r\n  {\"sku\":\"B2\"}\r\n");

        var rows = RowSources.JsonLines(path).Read().ToList();

        Assert.Equal(["A1", "B2"], rows.Select(r => r.Values["sku"]));
        Assert.Equal("1", rows[0].Values["p.n"]);
        Assert.Equal([new SourceLocation(path, 1, 1), new SourceLocation(path, 4, 3)], rows.Select(r => r.Location));
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
        Assert.Equal(["sku", "p.n"], RowSources.JsonLines(path).Columns());
    }

    [Fact]
    public void JsonLines_BomLongLineAndNoFinalNewline_Read()
    {
        var longValue = new string('z', 200_000);
        var path = _dir.Write("long.jsonl", $"{{\"a\":\"1\"}}\n{{\"a\":\"{longValue}\"}}\n{{\"a\":\"3\"}}", bom: true);

        var rows = RowSources.JsonLines(path).Read().ToList();

        Assert.Equal(["1", longValue, "3"], rows.Select(r => r.Values["a"]));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Location.Line));
        Assert.Equal(1, rows[0].Location.Column);
    }

    [Theory]
    [InlineData("{\"a\":\"1\"}\n{\"a\": oops}\n", 2, 7, "malformed JSON")]
    [InlineData("{\"a\":\"1\"}\n[1]\n", 2, 1, "each line must be one JSON object")]
    [InlineData("{\"a\":\"1\"} {\"a\":\"2\"}\n", 1, 11, "invalid after a single JSON value")]
    [InlineData("{\"名\":\"x\", \"a\": [1]}\n", 1, 16, "'a' is an array")]
    [InlineData("{\"a\":\"1\"\n}\n", 1, 9, "malformed JSON")]
    public void JsonLines_BadLine_ErrorNamesFileLineAndColumn(string text, int line, int column, string message)
    {
        var path = _dir.Write("bad.jsonl", text);

        var error = ReadError(RowSources.JsonLines(path));

        Assert.Equal(new SourceLocation(path, line, column), error.Location);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_Rows_ReadAsGivenWithColumnUnion()
    {
        var at = new SourceLocation("pipeline.yaml", 4, 5);
        var rows = new[]
        {
            new Row(new Dictionary<string, string> { ["sku"] = "A" }, at, 0),
            new Row(new Dictionary<string, string> { ["sku"] = "B", ["color"] = "red" }, at, 1),
        };

        var source = RowSources.Inline(rows);

        Assert.Equal(rows, source.Read());
        Assert.Equal(["sku", "color"], source.Columns());
        Assert.Equal("inline rows (2)", source.Description);
    }
}
