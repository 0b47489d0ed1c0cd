using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

/// <summary>Matrix include/exclude entries that name catalog columns, through the loader and the expander.</summary>
public sealed class RowMatrixTests
{
    private const string Csv = "sku,category\nSHO-1,shoes\nSOC-1,socks\nBAG-1,bags\n";

    [Fact]
    public void Expand_ExcludeNamingAColumn_RemovesTheCombinationOnlyForMatchingRows()
    {
        var names = Expand("""
              style: [studio, lifestyle]
              exclude: [ { style: lifestyle, category: socks } ]
            """);

        Assert.Equal(
            ["SHO-1/studio/shoes", "SHO-1/lifestyle/shoes", "SOC-1/studio/socks", "BAG-1/studio/bags", "BAG-1/lifestyle/bags"],
            names);
    }

    [Fact]
    public void Expand_IncludeNamingAColumn_AddsTheCombinationOnlyForMatchingRows()
    {
        var names = Expand("""
              style: [studio, lifestyle]
              include: [ { style: flatlay, category: shoes } ]
            """);

        Assert.Equal(
            [
                "SHO-1/studio/shoes", "SHO-1/lifestyle/shoes", "SHO-1/flatlay/shoes",
                "SOC-1/studio/socks", "SOC-1/lifestyle/socks",
                "BAG-1/studio/bags", "BAG-1/lifestyle/bags",
            ],
            names);
    }

    [Fact]
    public void Expand_IncludeNamingAColumn_NeverOverwritesAnotherRowsValue()
    {
        var jobs = ExpandJobs("""
              style: [studio]
              include: [ { style: studio, category: shoes, accent: laces } ]
            """, prompt: "{{ category }} {{ style }}{{ accent | default: \"\" }}");

        Assert.Equal(["shoes studiolaces", "socks studio", "bags studio"], jobs.Select(j => j.Request.Prompt));
        Assert.Equal(["shoes", "socks", "bags"], jobs.Select(j => j.Variables["category"]));
    }

    [Fact]
    public void Expand_NoColumnNamed_GitHubSemantics()
    {
        var jobs = ExpandJobs("""
              style: [studio, lifestyle]
              light: [day, night]
              exclude: [ { style: lifestyle, light: night } ]
              include:
                - { style: studio, accent: shadow }
                - { style: flatlay, light: day }
            """, prompt: "{{ sku }} {{ style }} {{ light }}{{ accent | default: \"\" }}", name: "{{ sku }}-{{ style }}-{{ light }}", rows: "sku,category\nA,shoes\n");

        Assert.Equal(
            ["A studio dayshadow", "A studio nightshadow", "A lifestyle day", "A flatlay day"],
            jobs.Select(j => j.Request.Prompt));
    }

    [Fact]
    public void Expand_ExcludeOnColumnValueNoRowHas_ChangesNothing()
    {
        var names = Expand("""
              style: [studio, lifestyle]
              exclude: [ { style: lifestyle, category: hats } ]
            """);

        Assert.Equal(6, names.Count);
    }

    private static List<string> Expand(string matrix) =>
        [.. ExpandJobs(matrix, prompt: "{{ sku }} {{ style }}").Select(j => j.Output.RelativeBaseName)];

    private static List<Core.Jobs.Job> ExpandJobs(string matrix, string prompt, string name = "{{ sku }}/{{ style }}/{{ category }}", string rows = Csv)
    {
        using var dir = new TempDirectory();
        var yaml = $"""
            version: 1
            name: test
            provider: ark
            rows: {"{"} csv: data.csv {"}"}
            matrix:
            {matrix}
            prompt: "{prompt.Replace("\"", "\\\"", StringComparison.Ordinal)}"
            models: [seedream-4.5]
            outputs: {"{"} dir: out, name: "{name}" {"}"}
            """;
        return ManifestFiles.Expand(ManifestFiles.LoadValid(dir, yaml, ("data.csv", rows)));
    }
}
