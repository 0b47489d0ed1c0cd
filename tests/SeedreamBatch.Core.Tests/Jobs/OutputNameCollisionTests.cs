using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

/// <summary>Two jobs may not write one file as any file system sees it: names are compared case-folded.</summary>
public sealed class OutputNameCollisionTests
{
    private static List<Diagnostic> Problems(string csv, string extra = "")
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, ManifestFiles.CsvPipelineStart + $$$"""
            prompt: "a {{ sku }} bag"
            models: [seedream-4.5]
            {{{extra}}}
            outputs: { dir: out, name: "{{ name }}" }
            """, ("data.csv", csv));
        var problems = new List<Diagnostic>();
        _ = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();
        return problems;
    }

    [Fact]
    public void Expand_NamesDifferingOnlyInCase_OneIsACollision()
    {
        var problems = Problems("sku,name\nA1,Red\nA2,red\n");

        var problem = Assert.Single(problems);
        Assert.Contains("output name 'red' is already used", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_DistinctNames_NoProblem()
    {
        Assert.Empty(Problems("sku,name\nA1,red\nA2,blue\nA3,Rød\n"));
    }
}
