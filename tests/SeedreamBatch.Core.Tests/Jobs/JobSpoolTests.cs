using System.Runtime.CompilerServices;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Sharding;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Jobs;

/// <summary><c>run</c> expands once: the plan pass spools its jobs and the run reads them back, equal to a fresh expansion.</summary>
public sealed class JobSpoolTests
{
    // Catalog rows (URL, local and no reference) × a matrix × two models × two sizes × two seeds × two repeats.
    private const string Manifest = """
        version: 1
        name: test
        provider: ark
        rows: { csv: data.csv }
        matrix:
          style: [studio, street]
        prompt: "a {{ color }} {{ name }} in {{ style }} light"
        references: ["{{ image }}"]
        models: [seedream-4.5, seedream-4.0]
        sizes: [2K, 4K]
        seeds: [7, 3]
        repeat: 2
        outputs: { dir: out, name: "{{ sku }}/{{ style }}-{{ model }}-{{ size }}-{{ seed }}-{{ repeat }}" }
        """;

    private const string Rows = "sku,color,name,image\nA,red,mug,https://cdn.example.com/a.png\nB,blue,mug,img/b.png\nC,green,lamp,\nD,grey,vase,img/b.png\n";

    [Fact]
    public void Read_AfterThePlanPass_EqualsAFreshExpansionFieldByField()
    {
        using var dir = new TempDirectory();
        var pipeline = Load(dir);
        using var spool = new JobSpool(dir.Path);

        var plan = PlanBuilder.Build(pipeline, ManifestFiles.Run, spool: spool);

        var fresh = ManifestFiles.Expand(pipeline);
        Assert.Equal(4 * 2 * 2 * 2 * 2 * 2, fresh.Count);
        Assert.Equal(fresh.Count, plan.Jobs);
        Assert.Equal(fresh.Count, spool.Count);
        Assert.Equal(fresh.Select(Fields), spool.Read().Select(Fields));
        Assert.Equal(fresh.Select(Fields), spool.Read().Select(Fields)); // read again: the run reads after the survey
        Assert.Contains(fresh, j => j.Request.References.Any(r => r.IsLocalFile));
    }

    [Fact]
    public void Read_WithLimitAndSelection_HoldsTheFirstNSelectedJobsThatTheRunTakes()
    {
        using var dir = new TempDirectory();
        var pipeline = Load(dir);
        using var limited = new JobSpool(dir.Path);
        using var selected = new JobSpool(dir.Path);
        static bool Street(Job j) => j.Variables["style"] == "street";

        PlanBuilder.Build(pipeline, ManifestFiles.Run, limit: 5, spool: limited);
        var plan = PlanBuilder.Build(pipeline, ManifestFiles.Run, limit: 20, spool: selected, select: Street);

        var fresh = ManifestFiles.Expand(pipeline);
        Assert.Equal(fresh.Take(5).Select(Fields), limited.Read().Select(Fields));
        Assert.Equal(fresh.Where(Street).Take(20).Select(Fields), selected.Read().Select(Fields));
        Assert.Equal(20, plan.Jobs);
    }

    [Fact]
    public void Read_ThenShardFilter_EqualsTheShardOfAFreshExpansion()
    {
        using var dir = new TempDirectory();
        var pipeline = Load(dir);
        using var spool = new JobSpool(dir.Path);
        PlanBuilder.Build(pipeline, ManifestFiles.Run, limit: 50, spool: spool);

        var shard = new ShardSpec(1, 3);

        var fresh = ManifestFiles.Expand(pipeline).Take(50).Where(j => shard.Contains(j.Key)).ToList();
        Assert.InRange(fresh.Count, 5, 45);
        Assert.Equal(fresh.Select(Fields), spool.Read().Where(j => shard.Contains(j.Key)).Select(Fields));
    }

    [Fact]
    public void New_WhileWriting_LeavesNoFileACrashCouldLeaveBehind()
    {
        // Unlinked once open: a run killed at any moment leaves nothing to sweep, and no later run can open another's jobs.
        using var dir = new TempDirectory();
        var pipeline = Load(dir);
        var before = Directory.GetFiles(dir.Path).Length;
        using var spool = new JobSpool(dir.Path);

        PlanBuilder.Build(pipeline, ManifestFiles.Run, spool: spool);

        Assert.Equal(128, spool.Count);
        Assert.Equal(before, Directory.GetFiles(dir.Path).Length);
        Assert.Equal(128, spool.Read().Count());
    }

    [Fact]
    public void AddAndRead_ManyJobs_KeepNoneInMemory()
    {
        using var dir = new TempDirectory();
        var pipeline = Load(dir);
        using var spool = new JobSpool(dir.Path);
        var fresh = ManifestFiles.Expand(pipeline);

        // Written: the spool keeps no reference to a job it was given (past the first, whose shared parts it keeps).
        var written = AddAndForget(spool, fresh[1], 20_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(written.TryGetTarget(out _));

        // Read: a job already handed out is not kept while the rest stream.
        using var jobs = spool.Read().GetEnumerator();
        var read = ReadOne(jobs);
        for (var i = 0; i < 10_000 && jobs.MoveNext(); i++)
        {
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(read.TryGetTarget(out _));
        Assert.Equal(20_000, spool.Count);
    }

    [Fact]
    public void Add_AJobOfAnotherOutputsFolder_Refused()
    {
        using var dir = new TempDirectory();
        var job = ManifestFiles.Expand(Load(dir))[0];
        using var spool = new JobSpool(dir.Path);
        spool.Add(job);

        Assert.Throws<InvalidOperationException>(() => spool.Add(job with { Output = job.Output with { Directory = "/elsewhere" } }));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Job> AddAndForget(JobSpool spool, Job template, int count)
    {
        spool.Add(template with { Ordinal = 0 });
        var copy = template with { Ordinal = 1, Variables = new Dictionary<string, string>(template.Variables) };
        spool.Add(copy);
        for (var i = 2; i < count; i++)
        {
            spool.Add(template with { Ordinal = i });
        }

        return new WeakReference<Job>(copy);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<Job> ReadOne(IEnumerator<Job> jobs)
    {
        Assert.True(jobs.MoveNext());
        Assert.True(jobs.MoveNext());
        return new WeakReference<Job>(jobs.Current);
    }

    private static PipelineSpec Load(TempDirectory dir)
    {
        Directory.CreateDirectory(Path.Combine(dir.Path, "img"));
        dir.WriteBytes("img/b.png", TinyImages.Png());
        return ManifestFiles.LoadValid(dir, Manifest, ("data.csv", Rows));
    }

    /// <summary>Every field of a job, in a form that compares by value (lists and dictionaries in their order).</summary>
    private static string Fields(Job j) => string.Join(
        " | ",
        j.Key, j.ProcessingKey, j.Ordinal, j.Request with { References = [] }, string.Join(",", j.Request.References), j.Output,
        j.EstimatedCostUsd, string.Join(",", j.Variables.Select(v => $"{v.Key}={v.Value}")), j.RequestedSeed, j.RepeatIndex, j.SeedHonoured,
        j.Request.Size.Kind, j.Request.Size.Width, j.Request.Size.Height, j.Request.Size.Preset, j.Request.Size.AspectRatio);
}
