using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

/// <summary>The bounded duplicate screen: an external sort of fingerprints, then an exact look at the suspects only.</summary>
public sealed class DuplicateScreenTests
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
    public void Repeated_ValuesSpreadOverSpilledRuns_FindsExactlyTheRepeatedOnes()
    {
        using var dir = new TempDirectory();
        using var spill = new FingerprintSpill(capacity: 8, directory: dir.Path);
        var random = new Random(11);
        var values = Enumerable.Range(0, 100).Select(_ => (ulong)random.NextInt64()).ToList();
        values.Insert(3, values[90]);   // first in one run, again in a later one
        values.Add(values[50]);
        values.Add(values[50]);        // three times: one suspect
        foreach (var value in values)
        {
            spill.Add(value);
        }

        var repeated = spill.Repeated();

        Assert.True(spill.SpilledRuns >= 10);
        Assert.Equal(new HashSet<ulong> { values[91], values[50] }, repeated);
    }

    [Fact]
    public void Repeated_RunsLongerThanTheReadWindow_FindsExactlyTheRepeatedOnes()
    {
        // Runs of 5,000 values (40 KB) are read back 2,048 values at a time: repeats straddle windows and runs.
        using var dir = new TempDirectory();
        using var spill = new FingerprintSpill(capacity: 5_000, directory: dir.Path);
        var random = new Random(12);
        var values = Enumerable.Range(0, 23_000).Select(_ => (ulong)random.NextInt64()).ToList();
        var expected = new HashSet<ulong>();
        foreach (var (from, to) in new[] { (0, 22_999), (2_047, 2_048), (4_999, 5_000), (10_000, 17_321), (12_345, 6_789) })
        {
            values[to] = values[from];
            expected.Add(values[from]);
        }

        foreach (var value in values)
        {
            spill.Add(value);
        }

        var repeated = spill.Repeated();

        Assert.Equal(4, spill.SpilledRuns);
        Assert.Equal(expected, repeated);
    }

    [Fact]
    public void Repeated_AllInMemory_NoFileWritten()
    {
        using var dir = new TempDirectory();
        using var spill = new FingerprintSpill(capacity: 1024, directory: dir.Path);
        foreach (var value in new ulong[] { 5, 1, 5, 9 })
        {
            spill.Add(value);
        }

        Assert.Equal([5UL], spill.Repeated());
        Assert.Equal(0, spill.SpilledRuns);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Dispose_AfterSpilling_DeletesTheTemporaryFiles()
    {
        using var dir = new TempDirectory();
        using (var spill = new FingerprintSpill(capacity: 4, directory: dir.Path))
        {
            for (var i = 0UL; i < 20; i++)
            {
                spill.Add(i);
            }

            Assert.NotEmpty(Directory.GetFiles(dir.Path));
        }

        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Expand_AmongSuspectsThatAreNotDuplicates_ReportsNothing()
    {
        // Suspects as if every job's fingerprint had collided with another's: only an exact comparison may decide.
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,blue,mug\nC,green,mug\n"));
        var jobs = ManifestFiles.Expand(pipeline);
        var everyone = new DuplicateSuspects([.. jobs.Select(j => j.Identity.Fingerprint)], [.. jobs.Select(j => OutputNameFold.Fingerprint(j.Output.RelativeBaseName))]);
        var problems = new List<Diagnostic>();

        var again = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add, DuplicateCheck.Among(everyone)).ToList();

        Assert.Empty(problems);
        Assert.Equal(3, again.Count);
    }

    [Fact]
    public void Expand_AmongSuspects_RealDuplicatesStillReportedAtTheirRows()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,red,mug\nc,blue,mug\nC,green,mug\n"));
        var screen = new DuplicateScreen();
        foreach (var _ in new JobExpander(pipeline, ManifestFiles.Run).Expand(_ => { }, DuplicateCheck.Screen(screen)))
        {
        }

        var suspects = screen.Finish();
        var problems = new List<Diagnostic>();

        var jobs = new JobExpander(pipeline, ManifestFiles.Run).Expand(problems.Add, DuplicateCheck.Among(suspects)).ToList();

        Assert.Equal(["A", "c"], jobs.Select(j => j.Output.RelativeBaseName));
        Assert.Equal([3, 5], problems.Select(p => p.Location.Line));
        Assert.StartsWith("this row makes the same request as an earlier job", problems[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("this row's output name 'C' is already used by an earlier job", problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandScreened_SameAsTheExactExpansion()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,red,mug\nC,blue,mug\nA,grey,mug\n"));
        var exactProblems = new List<Diagnostic>();
        var screenedProblems = new List<Diagnostic>();

        var exact = new JobExpander(pipeline, ManifestFiles.Run).Expand(exactProblems.Add).ToList();
        var screened = new JobExpander(pipeline, ManifestFiles.Run).ExpandScreened(screenedProblems.Add).ToList();

        Assert.Equal(exact.Select(j => (j.Key, j.Ordinal)), screened.Select(j => (j.Key, j.Ordinal)));
        Assert.Equal(exactProblems.Select(p => p.ToString()), screenedProblems.Select(p => p.ToString()));
        Assert.Equal(2, screenedProblems.Count);
    }

    [Fact]
    public void PlanBuild_DuplicateRequest_CountsLikeTheExactExpansionAndReportsTheRow()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,blue,mug\nC,red,mug\nD,grey,mug\n"));

        var plan = PlanBuilder.Build(pipeline, ManifestFiles.Run, previewJobs: 10);

        Assert.Equal(3, plan.Jobs);
        Assert.Equal(["A", "B", "D"], plan.FirstJobs.Select(j => j.Output));
        Assert.Equal([0L, 1, 2], plan.FirstJobs.Select(j => j.Index));
        var error = Assert.Single(plan.Diagnostics);
        Assert.Equal(4, error.Location.Line);
    }

    [Fact]
    public void PlanBuild_NoDuplicates_CountsEveryJobAndReportsNothing()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,blue,mug\n"));

        var plan = PlanBuilder.Build(pipeline, ManifestFiles.Run);

        Assert.Equal(2, plan.Jobs);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void PlanBuild_DuplicateAfterTheLimit_LimitedPlanIsClean()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir, Catalog, ("data.csv", "sku,color,name\nA,red,mug\nB,blue,mug\nC,grey,mug\nD,red,mug\n"));

        var plan = PlanBuilder.Build(pipeline, ManifestFiles.Run, limit: 2);

        Assert.Equal(2, plan.Jobs);
        Assert.Empty(plan.Diagnostics);
    }
}
