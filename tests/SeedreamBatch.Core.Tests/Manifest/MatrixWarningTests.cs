using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

public sealed class MatrixWarningTests
{
    private const string Catalog = "sku,category\nA,socks\nB,shoes\n";

    private static string Manifest(string matrix) => $$$"""
        version: 1
        name: m
        provider: ark
        rows: { csv: c.csv }
        matrix:
        {{{matrix}}}
        prompt: '{{ style }} {{ sku }} {{ scene | default: "" }}'
        models: [seedream-4.5]
        outputs: { dir: out, name: "{{ sku }}-{{ style }}" }
        """;

    [Fact]
    public void Load_IncludeMatchingAnExclude_WarnsAtTheInclude()
    {
        using var dir = new TempDirectory();
        var load = ManifestFiles.Load(dir, Manifest("""
              style: [studio, lifestyle]
              exclude: [{ style: lifestyle, category: socks }]
              include: [{ style: lifestyle, scene: interior }]
            """), ("c.csv", Catalog));

        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        var warning = Assert.Single(load.Warnings);
        Assert.Equal(8, warning.Location.Line);
        Assert.Contains("adds back the combination that the exclude at 7:", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_IncludeAddingToOtherCombinations_DoesNotWarn()
    {
        using var dir = new TempDirectory();
        var load = ManifestFiles.Load(dir, Manifest("""
              style: [studio, lifestyle]
              exclude: [{ style: lifestyle, category: socks }]
              include: [{ style: studio, scene: backdrop }]
            """), ("c.csv", Catalog));

        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        Assert.Empty(load.Warnings);
    }
}
