using System.Security.Cryptography;
using System.Text;
using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

public sealed class JobExpanderTests
{
    private const string Catalog = """
        version: 1
        name: test
        provider: ark
        rows: { csv: data.csv }
        prompt: "a {{ color }} {{ name }}"
        models: [seedream-4.5]
        sizes: [2K]
        outputs: { dir: out, name: "{{ sku }}" }
        """;

    [Fact]
    public void Expand_RowsMatrixModelsSizesSeedsRepeats_InThatNestingOrder()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, """
            version: 1
            name: test
            provider: ark
            rows:
              inline:
                - { sku: A }
                - { sku: B }
            matrix:
              style: [studio, street]
            prompt: "{{ sku }} in {{ style }}"
            models: [seedream-4.5, seedream-4.0]
            sizes: [2K, 4K]
            seeds: [7, 3]
            repeat: 2
            outputs: { dir: out, name: "{{ sku }}-{{ style }}-{{ model }}-{{ size }}-{{ seed }}-{{ repeat }}" }
            """);

        var jobs = ManifestFiles.Expand(pipeline);

        var expected = new List<string>();
        foreach (var sku in new[] { "A", "B" })
        {
            foreach (var style in new[] { "studio", "street" })
            {
                foreach (var model in new[] { "seedream-4.5", "seedream-4.0" })
                {
                    foreach (var size in new[] { "2K", "4K" })
                    {
                        foreach (var seed in new[] { 7, 3 })
                        {
                            for (var repeat = 0; repeat < 2; repeat++)
                            {
                                expected.Add($"{sku}-{style}-{model}-{size}-{seed}-{repeat}");
                            }
                        }
                    }
                }
            }
        }

        Assert.Equal(expected, jobs.Select(j => j.Output.RelativeBaseName));
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (long)i), jobs.Select(j => j.Ordinal));
        Assert.Equal(jobs.Select(j => j.Output.RelativeBaseName), jobs.Select(j =>
            $"{j.Variables["sku"]}-{j.Request.Prompt[5..]}-{j.Request.Model.ToName()}-{j.Request.Size}-{j.RequestedSeed}-{j.RepeatIndex}"));
    }

    [Fact]
    public void Expand_CatalogRowsShuffled_SameKeysPerSku()
    {
        using var dir = new TempDirectory();
        const string Yaml = ManifestFiles.CsvPipelineStart + """
            matrix:
              style: [studio, street]
            prompt: "a {{ color }} mug, {{ style }}"
            models: [seedream-4.5]
            sizes: [2K, "16:9"]
            seeds: auto
            outputs: { dir: out, name: "{{ sku }}/{{ style }}-{{ size | slug }}" }
            """;
        var rows = Enumerable.Range(1, 20).Select(i => $"S{i:00},colour{i}").ToList();
        var shuffled = rows.OrderBy(r => r.GetHashCode(StringComparison.Ordinal)).ToList();
        Assert.NotEqual(rows, shuffled);

        Dictionary<string, string[]> KeysPerSku(IEnumerable<string> lines) =>
            ManifestFiles.Expand(ManifestFiles.LoadValid(dir, Yaml, ("data.csv", "sku,color\n" + string.Join("\n", lines) + "\n")))
                .GroupBy(j => j.Variables["sku"])
                .ToDictionary(g => g.Key, g => g.Select(j => j.Key).Order(StringComparer.Ordinal).ToArray());

        var original = KeysPerSku(rows);
        var reordered = KeysPerSku(shuffled);

        Assert.Equal(20, original.Count);
        Assert.All(original, p => Assert.Equal(4, p.Value.Length));
        Assert.Equal(original.OrderBy(p => p.Key), reordered.OrderBy(p => p.Key));
    }

    [Fact]
    public void Expand_MillionRowCatalog_TakingTenReadsOnlyTheStart()
    {
        using var dir = new TempDirectory();
        var csv = new StringBuilder("sku,color,name\n", 20_000_000);
        for (var i = 0; i < 1_000_000; i++)
        {
            csv.Append('K').Append(i).Append(",c").Append(i).Append(",mug\n");
        }

        csv.Append("BROKEN,only-two-fields\n"); // the last line is malformed: reading it would throw
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", csv.ToString()));

        var first = new JobExpander(pipeline, ManifestFiles.Run).Expand().Take(10).ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"K{i}"), first.Select(j => j.Output.RelativeBaseName));
    }

    [Fact]
    public void Expand_MalformedRowAfterTheFirstThousand_TakeTenDoesNotThrowButFullExpansionReportsIt()
    {
        using var dir = new TempDirectory();
        var csv = "sku,color,name\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"K{i},c{i},mug\n")) + "BROKEN,x\nK-after,red,mug\n";
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", csv));

        Assert.Equal(10, new JobExpander(pipeline, ManifestFiles.Run).Expand().Take(10).Count());

        var problems = new List<Diagnostic>();
        var all = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();
        Assert.Equal(1000, all.Count);
        var error = Assert.Single(problems);
        Assert.True(error.IsError);
        Assert.Equal(1002, error.Location.Line);
        Assert.EndsWith("data.csv", error.Location.File, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => new JobExpander(pipeline, ManifestFiles.Run).Expand().ToList());
    }

    [Fact]
    public void Expand_SeedList_KeepsOrder()
    {
        var jobs = ExpandMinimal("seeds: [5, 3, 9]", model: "seedream-3.0-t2i", size: "1024x1024");

        Assert.Equal([5, 3, 9], jobs.Select(j => j.RequestedSeed));
        Assert.Equal([5, 3, 9], jobs.Select(j => j.Request.Seed));
    }

    [Fact]
    public void Expand_SeedRange_CountsUpFromStart()
    {
        var jobs = ExpandMinimal("seeds: { start: 1000, count: 3 }", model: "seedream-3.0-t2i", size: "1024x1024");

        Assert.Equal([1000, 1001, 1002], jobs.Select(j => j.RequestedSeed));
    }

    [Fact]
    public void Expand_NoSeeds_NoSeedRecordedOrSent()
    {
        var job = Assert.Single(ExpandMinimal("", model: "seedream-3.0-t2i", size: "1024x1024"));

        Assert.Null(job.RequestedSeed);
        Assert.Null(job.Request.Seed);
    }

    [Fact]
    public void Expand_SeedOnSeedream45_RecordedButNotSent()
    {
        var jobs = ExpandMinimal("seeds: [1000, 1001]");

        Assert.Equal([1000, 1001], jobs.Select(j => j.RequestedSeed));
        Assert.All(jobs, j => Assert.Null(j.Request.Seed));
        Assert.All(jobs, j => Assert.False(j.SeedHonoured));
        Assert.NotEqual(jobs[0].Key, jobs[1].Key);
    }

    [Fact]
    public void Expand_SeedOnSeedream30_Sent()
    {
        var job = Assert.Single(ExpandMinimal("seeds: [1000]", model: "seedream-3.0-t2i", size: "1024x1024"));

        Assert.Equal(1000, job.Request.Seed);
        Assert.True(job.SeedHonoured);
    }

    [Fact]
    public void Expand_AutoSeed_DerivedFromRequestAndStableAcrossRuns()
    {
        var first = ExpandMinimal("seeds: auto\nrepeat: 2", model: "seedream-3.0-t2i", size: "1024x1024");
        var second = ExpandMinimal("seeds: auto\nrepeat: 2", model: "seedream-3.0-t2i", size: "1024x1024");

        Assert.Equal(2, first.Count);
        Assert.All(first, j => Assert.InRange(j.RequestedSeed!.Value, 0, int.MaxValue));
        Assert.All(first, j => Assert.Equal(j.RequestedSeed, j.Request.Seed));
        Assert.Equal(JobKeys.AutoSeed(first[0].Request, 0), first[0].RequestedSeed);
        Assert.NotEqual(first[0].RequestedSeed, first[1].RequestedSeed);
        Assert.Equal(first.Select(j => (j.RequestedSeed, j.Key)), second.Select(j => (j.RequestedSeed, j.Key)));
    }

    [Fact]
    public void Expand_Repeat_MakesDistinctKeysWithIndexes()
    {
        var jobs = ExpandMinimal("repeat: 3");

        Assert.Equal([0, 1, 2], jobs.Select(j => j.RepeatIndex));
        Assert.Equal(3, jobs.Select(j => j.Key).Distinct().Count());
        Assert.Single(jobs.Select(j => j.Request.Prompt).Distinct());
    }

    [Fact]
    public void Expand_UrlAndLocalReferences_UrlKeptAndFileHashed()
    {
        using var dir = new TempDirectory();
        var image = TinyImages.Png();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog + "\nreferences: [\"{{ image }}\"]\n",
            ("data.csv", "sku,color,name,image\nA,red,mug,https://cdn.example.com/a.png\nB,blue,mug,img/b.png\n"));
        Directory.CreateDirectory(Path.Combine(dir.Path, "img"));
        dir.WriteBytes("img/b.png", image);

        var jobs = ManifestFiles.Expand(pipeline);

        var url = Assert.Single(jobs[0].Request.References);
        Assert.Equal(ReferenceImage.Url("https://cdn.example.com/a.png"), url);
        var local = Assert.Single(jobs[1].Request.References);
        Assert.True(local.IsLocalFile);
        Assert.Equal(Path.Combine(dir.Path, "img", "b.png"), local.Source);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), local.ContentSha256);
        Assert.True(jobs[1].Request.IsEdit);
    }

    [Fact]
    public void Expand_LocalReferenceMissing_LocatedErrorAtTheRow()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog + "\nreferences: [\"{{ image }}\"]\n",
            ("data.csv", "sku,color,name,image\nA,red,mug,https://cdn.example.com/a.png\nB,blue,mug,img/missing.png\n"));
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Single(jobs);
        var error = Assert.Single(problems);
        Assert.True(error.IsError);
        Assert.Equal(3, error.Location.Line);
        Assert.EndsWith("data.csv", error.Location.File, StringComparison.Ordinal);
        Assert.StartsWith("reference 'img/missing.png': file 'img/missing.png' not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_EmptyReferenceValue_IsTextToImageForThatRow()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog + "\nreferences: [\"{{ image }}\"]\n",
            ("data.csv", "sku,color,name,image\nA,red,mug,\nB,blue,mug,https://cdn.example.com/b.png\n"));

        var jobs = ManifestFiles.Expand(pipeline);

        Assert.False(jobs[0].Request.IsEdit);
        Assert.True(jobs[1].Request.IsEdit);
    }

    [Fact]
    public void Expand_MoreJobsThanMaxJobs_StopsWithOneError()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog + "\nmax_jobs: 3\n",
            ("data.csv", "sku,color,name\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"K{i},c{i},mug\n"))));
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Equal(3, jobs.Count);
        var error = Assert.Single(problems);
        Assert.StartsWith("the manifest expands to more than max_jobs = 3 jobs", error.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => ManifestFiles.Expand(pipeline));
    }

    [Fact]
    public void Expand_ExactlyMaxJobs_NoError()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog + "\nmax_jobs: 3\n",
            ("data.csv", "sku,color,name\n" + string.Concat(Enumerable.Range(0, 3).Select(i => $"K{i},c{i},mug\n"))));

        Assert.Equal(3, ManifestFiles.Expand(pipeline).Count);
    }

    [Fact]
    public void Expand_TwoRowsSameRequest_DuplicateRequestAtTheSecondRow()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,red,mug\nC,blue,mug\n"));
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Equal(["A", "C"], jobs.Select(j => j.Output.RelativeBaseName));
        var error = Assert.Single(problems);
        Assert.Equal(3, error.Location.Line);
        Assert.StartsWith("this row makes the same request as an earlier job", error.Message, StringComparison.Ordinal);
        Assert.Contains(JobKeys.Short(jobs[0].Key), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_TwoJobsSameOutputName_DuplicateNameAtTheSecondRow()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nA,blue,mug\n"));
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Single(jobs);
        var error = Assert.Single(problems);
        Assert.Equal(3, error.Location.Line);
        Assert.StartsWith("this row's output name 'A' is already used by an earlier job", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_SameProblemOnManyRows_ListsThreeThenSummarises()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog,
            ("data.csv", "sku,color,name\n" + string.Concat(Enumerable.Range(0, 6).Select(i => $"SAME,c{i},mug\n"))));
        var problems = new List<Diagnostic>();

        _ = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add).ToList();

        Assert.Equal(4, problems.Count);
        Assert.Equal([3, 4, 5], problems.Take(3).Select(p => p.Location.Line));
        Assert.Equal("... duplicate output name: 2 more rows like the ones above", problems[3].Message);
    }

    [Theory]
    [InlineData("base_url: https://ark.cn-beijing.volces.com", "doubao-seedream-4-5-251128")]
    [InlineData("region: china", "doubao-seedream-4-5-251128")]
    [InlineData("base_url: https://ark.ap-southeast.bytepluses.com", "seedream-4-5-251128")]
    [InlineData("{ region: international, base_url: https://ark.cn-beijing.volces.com }", "seedream-4-5-251128")]
    [InlineData("api_key_env: ARK_API_KEY", "seedream-4-5-251128")]
    public void Expand_ArkRegion_ChoosesTheRegionalModelId(string arkSettings, string expectedId)
    {
        var settings = arkSettings.StartsWith('{') ? arkSettings : "{ " + arkSettings + " }";

        var job = Assert.Single(ExpandMinimal($"providers:\n  ark: {settings}"));

        Assert.Equal(expectedId, job.Request.ProviderModelId);
    }

    [Fact]
    public void Expand_PriceAndImages_EstimatedCostIsPriceTimesImages()
    {
        var job = Assert.Single(ExpandMinimal("images_per_job: 3"));

        Assert.Equal(3, job.Request.ImageCount);
        Assert.Equal(0.12m, job.EstimatedCostUsd);
    }

    [Fact]
    public void Expand_OutputDirectory_RenderedAgainstTheManifestFolder()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, ManifestFiles.Minimal.Replace("dir: out", "dir: \"out/{{ run.date }}\"", StringComparison.Ordinal));

        var expander = new JobExpander(pipeline, ManifestFiles.Run);

        Assert.Equal(Path.Combine(dir.Path, "out", "2026-11-21"), expander.OutputDirectory);
        Assert.Equal(expander.OutputDirectory, Assert.Single(expander.Expand()).Output.Directory);
    }

    private static List<Job> ExpandMinimal(string extra, string model = "seedream-4.5", string size = "2048x2048")
    {
        using var dir = new TempDirectory();
        var yaml = ManifestFiles.Minimal
            .Replace("[seedream-4.5]", $"[{model}]", StringComparison.Ordinal)
            .Replace("[2048x2048]", $"[{size}]", StringComparison.Ordinal)
            .Replace("name: \"{{ job.key }}\"", "name: \"{{ job.key }}-{{ seed }}-{{ repeat }}\"", StringComparison.Ordinal);
        return ManifestFiles.Expand(ManifestFiles.LoadValid(dir, yaml + "\n" + extra + "\n"));
    }

    private static string Routed(string providers) => $$$"""
        version: 1
        name: routed
        provider: [{{{providers}}}]
        route: cheapest
        rows:
          inline:
            - { sku: A }
            - { sku: B }
        prompt: "a {{ sku }}"
        models: [seedream-4.5]
        sizes: [2048x2048]
        seeds: [7]
        outputs: { dir: out, name: "{{ sku }}" }
        """;

    [Fact]
    public void Expand_Route_KeysTheSameWhateverTheProvidersOrderAndUnlikeAnyOneProvidersKeys()
    {
        using var dir = new TempDirectory();
        var arkFirst = ManifestFiles.Expand(ManifestFiles.LoadValid(dir, Routed("ark, acedata")));
        var aceFirst = ManifestFiles.Expand(ManifestFiles.LoadValid(dir, Routed("acedata, ark")));
        var arkOnly = ManifestFiles.Expand(ManifestFiles.LoadValid(dir, Routed("ark, acedata").Replace("provider: [ark, acedata]\nroute: cheapest", "provider: ark", StringComparison.Ordinal)));

        Assert.Equal(arkFirst.Select(j => j.Key), aceFirst.Select(j => j.Key));
        Assert.Empty(arkFirst.Select(j => j.Key).Intersect(arkOnly.Select(j => j.Key)));
        Assert.Equal((ProviderDialect.Ark, ProviderDialect.AceData), (arkFirst[0].Request.Dialect, aceFirst[0].Request.Dialect));
    }

    [Fact]
    public void Expand_Route_EstimatesTheDearestProvidersPrice()
    {
        // Seedream 4.5: $0.04 on Ark, $0.037 on Ace Data: the budget holds $0.04 whichever takes the job.
        using var dir = new TempDirectory();

        var jobs = ManifestFiles.Expand(ManifestFiles.LoadValid(dir, Routed("acedata, ark")));

        Assert.All(jobs, j => Assert.Equal(0.04m, j.EstimatedCostUsd));
    }

    [Fact]
    public void RouteRequests_For_TheOtherProvidersModelIdAndSeed()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Routed("ark, acedata"));
        var job = ManifestFiles.Expand(pipeline)[0];

        var requests = new RouteRequests(pipeline);
        var ace = requests.For(job, ProviderDialect.AceData);

        Assert.Same(job.Request, requests.For(job, ProviderDialect.Ark));
        Assert.Equal(ProviderDialect.AceData, ace.Dialect);
        Assert.Equal(CapabilityTable.Find(ProviderDialect.AceData, SeedreamModel.Seedream45)!.ModelId, ace.ProviderModelId);
        Assert.Equal((job.Request.Prompt, job.Request.Size, job.Request.ImageCount), (ace.Prompt, ace.Size, ace.ImageCount));
    }
}
