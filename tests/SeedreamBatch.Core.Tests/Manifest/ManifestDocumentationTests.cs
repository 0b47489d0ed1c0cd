using System.Text.Json;
using System.Text.RegularExpressions;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

/// <summary>The loader, docs/manifest.schema.json and docs/manifest-reference.md name exactly the same keys.</summary>
public sealed partial class ManifestDocumentationTests
{
    /// <summary>Manifest section → the schema object that describes it.</summary>
    private static readonly Dictionary<string, string> SchemaPointer = new()
    {
        [""] = "properties",
        ["providers.<name>"] = "definitions/provider/properties",
        ["rows"] = "definitions/rows/properties",
        ["matrix"] = "definitions/matrix/properties",
        ["prompt"] = "definitions/prompt/properties",
        ["seeds"] = "definitions/seeds/properties",
        ["outputs"] = "definitions/outputs/properties",
        ["outputs.provenance"] = "definitions/provenance/properties",
        ["outputs.variants.<name>"] = "definitions/variant/properties",
        ["outputs.watermark"] = "definitions/watermark/properties",
        ["budget"] = "definitions/budget/properties",
        ["retry"] = "definitions/retry/properties",
        ["coordination"] = "definitions/coordination/properties",
        ["files"] = "definitions/files/properties",
        ["schedule"] = "definitions/schedule/properties",
        ["notify"] = "definitions/notify/properties",
        ["export"] = "definitions/export/properties",
    };

    /// <summary>Manifest section → the heading of its table in the reference.</summary>
    private static readonly Dictionary<string, string> Heading = new()
    {
        [""] = "## Top level",
        ["providers.<name>"] = "## `providers.<name>`",
        ["rows"] = "## `rows`",
        ["matrix"] = "## `matrix`",
        ["prompt"] = "## `prompt`",
        ["seeds"] = "## `seeds` (range form)",
        ["outputs"] = "## `outputs`",
        ["outputs.provenance"] = "## `outputs.provenance`",
        ["outputs.variants.<name>"] = "## `outputs.variants.<name>`",
        ["outputs.watermark"] = "## `outputs.watermark`",
        ["budget"] = "## `budget`",
        ["retry"] = "## `retry`",
        ["coordination"] = "## `coordination`",
        ["files"] = "## `files`",
        ["schedule"] = "## `schedule`",
        ["notify"] = "## `notify`",
        ["export"] = "## `export`",
    };

    public static TheoryData<string> Sections() => [.. ManifestKeys.Sections.Keys];

    [Theory]
    [MemberData(nameof(Sections))]
    public void Schema_Section_NamesExactlyTheLoaderKeys(string section)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("docs", "manifest.schema.json")));
        var node = schema.RootElement;
        foreach (var part in SchemaPointer[section].Split('/'))
        {
            node = node.GetProperty(part);
        }

        var schemaKeys = node.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(ManifestKeys.Sections[section].Order(StringComparer.Ordinal), schemaKeys);
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Reference_SectionTable_NamesExactlyTheLoaderKeys(string section)
    {
        var text = File.ReadAllText(RepoPaths.Of("docs", "manifest-reference.md"));
        var start = text.IndexOf(Heading[section] + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"heading '{Heading[section]}' missing");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var body = text[start..(end < 0 ? text.Length : end)];

        var documented = TableKey().Matches(body).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        Assert.Equal(ManifestKeys.Sections[section].Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void Schema_RequiredRootKeys_AreTheOnesTheLoaderRequires()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Of("docs", "manifest.schema.json")));
        var required = schema.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(["models", "name", "prompt", "provider", "version"], required);
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex TableKey();
}
