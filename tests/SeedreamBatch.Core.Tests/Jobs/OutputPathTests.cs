using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

/// <summary>Output names rendered from catalog values: values never change a path's structure; templates that do are refused once.</summary>
public sealed class OutputPathTests
{
    private const string Yaml = """
        version: 1
        name: test
        provider: ark
        rows: { csv: data.csv }
        prompt: "product {{ sku }}"
        models: [seedream-4.5]
        outputs: { dir: out, name: "NAME" }
        """;

    [Theory]
    [InlineData("Bags/Totes", "Bags_Totes")]
    [InlineData("Bags\\Totes", "Bags_Totes")]
    [InlineData("../../etc/passwd", "_.._etc_passwd")]
    [InlineData("..", "_")]
    [InlineData(".", "_")]
    [InlineData("C:", "C_")]
    [InlineData("a*b?c\"d<e>f|g", "a_b_c_d_e_f_g")]
    [InlineData("tab\there", "tab_here")]
    [InlineData("bell\u0007", "bell_")]
    [InlineData("  padded  ", "padded")]
    [InlineData("trailing...", "trailing")]
    [InlineData(".hidden", "hidden")]
    [InlineData(" . ", "_")]
    [InlineData("圆领T恤", "圆领T恤")]
    [InlineData("plain-name_1.2", "plain-name_1.2")]
    [InlineData("CON", "_CON")]
    [InlineData("nul.txt", "_nul.txt")]
    [InlineData("com1", "_com1")]
    [InlineData("CONSOLE", "CONSOLE")]
    public void Sanitise_CatalogValue_CannotChangeThePathStructure(string value, string expected)
    {
        Assert.Equal(expected, PathSafeText.Sanitise(value));
        Assert.Null(OutputPathCheck.Problem("dir/" + PathSafeText.Sanitise(value)));
    }

    [Fact]
    public void Sanitise_SafeValue_ReturnsTheSameInstance()
    {
        var value = "safe value";

        Assert.Same(value, PathSafeText.Sanitise(value));
    }

    [Fact]
    public void Expand_UnsafeCatalogValues_SanitisedInNamesAndWarnedOnceNamingTheVariable()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Yaml.Replace("NAME", "{{ category }}/{{ sku }}", StringComparison.Ordinal),
            ("data.csv", "sku,category\nA,Bags/Totes\nB,../up\nC,\"new\nline\"\nD,圆领T恤\n"));

        var jobs = ManifestFiles.Expand(pipeline);
        var plan = PlanBuilder.Build(pipeline, ManifestFiles.Run);

        Assert.Equal(["Bags_Totes/A", "_up/B", "new_line/C", "圆领T恤/D"], jobs.Select(j => j.Output.RelativeBaseName));
        var warning = Assert.Single(plan.Diagnostics);
        Assert.False(warning.IsError);
        Assert.StartsWith("some values of 'category' hold characters not allowed in file names", warning.Message, StringComparison.Ordinal);
        Assert.Equal((7, 32), (warning.Location.Line, warning.Location.Column));
    }

    [Theory]
    [InlineData("../{{ sku }}", "outputs.name renders (with sample values) to '../")]
    [InlineData("a/../../{{ sku }}", "outputs.name renders (with sample values) to 'a/../../")]
    [InlineData("/abs/{{ sku }}", "outputs.name renders (with sample values) to an absolute path '/abs/")]
    [InlineData("C:/{{ sku }}", "outputs.name renders (with sample values) to an absolute path 'C:/")]
    [InlineData("a//{{ sku }}", "outputs.name renders (with sample values) to 'a//")]
    [InlineData("{{ sku }}/", "outputs.name renders (with sample values) to '")]
    [InlineData("a\\\\{{ sku }}", "outputs.name renders (with sample values) to 'a\\")]
    public void Load_TemplateLeavingOutputs_OneErrorAtOutputsName(string name, string messageStart)
    {
        using var dir = new TempDirectory();

        var result = ManifestFiles.Load(dir, Yaml.Replace("NAME", name, StringComparison.Ordinal), ("data.csv", "sku\nA\nB\n"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
        Assert.Equal((7, 28), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Expand_EmptyValueMakesEmptySegment_ReportedPerRowThenSummarised()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Yaml.Replace("NAME", "{{ sku }}/{{ category }}/hero", StringComparison.Ordinal),
            ("data.csv", "sku,category\nA,\nB,\nC,ok\nD,\nE,\nF,\n"));
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Equal(["C/ok/hero"], jobs.Select(j => j.Output.RelativeBaseName));
        Assert.Equal(4, problems.Count);
        Assert.All(problems, p => Assert.True(p.IsError));
        Assert.Equal("outputs.name renders to 'A//hero', which has an empty folder name ('//' or a trailing '/')", problems[0].Message);
        Assert.Equal([2, 3, 5], problems.Take(3).Select(p => p.Location.Line));
        Assert.Equal("... output name: 2 more rows like the ones above", problems[3].Message);
    }

    [Fact]
    public void Expand_EmptyLeadingValue_SaysEmptyFolderNameNotAbsolutePath()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Yaml.Replace("NAME", "{{ category }}/{{ sku }}", StringComparison.Ordinal),
            ("data.csv", "sku,category\nA,\n"));
        var problems = new List<Diagnostic>();

        Assert.Empty(new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add));

        var error = Assert.Single(problems);
        Assert.Contains("empty folder name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_SegmentOver200Bytes_ErrorWithTruncateHint()
    {
        using var dir = new TempDirectory();
        var longChinese = string.Concat(Enumerable.Repeat("圆", 67)); // 67 chars, 201 UTF-8 bytes
        var fits = string.Concat(Enumerable.Repeat("圆", 66)); // 198 bytes
        var pipeline = ManifestFiles.LoadValid(dir, Yaml.Replace("NAME", "{{ title }}", StringComparison.Ordinal),
            ("data.csv", $"sku,title\nA,{longChinese}\nB,{fits}\n"));
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Equal([fits], jobs.Select(j => j.Output.RelativeBaseName));
        var error = Assert.Single(problems);
        Assert.StartsWith("outputs.name renders a name longer than 200 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("| truncate: 60", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Location.Line);
    }
}
