using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Core.Tests.Testing;

/// <summary>Writes a manifest (and its catalog) into a temp folder and loads it, as a user's files would be.</summary>
internal static class ManifestFiles
{
    public static readonly RunContext Run = new(new DateTimeOffset(2026, 11, 21, 1, 30, 0, TimeSpan.Zero), "test-run");

    public const string Minimal = """
        version: 1
        name: test
        provider: ark
        prompt: "a red mug"
        models: [seedream-4.5]
        sizes: [2048x2048]
        outputs: { dir: out, name: "{{ job.key }}" }
        """;

    /// <summary>The start of a manifest whose rows come from data.csv; add prompt, models and outputs.</summary>
    public const string CsvPipelineStart = """
        version: 1
        name: test
        provider: ark
        rows: { csv: data.csv }

        """;

    public static ManifestLoadResult Load(TempDirectory dir, string yaml, params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir.Path, name))!);
            dir.Write(name, text);
        }

        return ManifestLoader.Load(dir.Write("pipeline.yaml", yaml));
    }

    public static PipelineSpec LoadValid(TempDirectory dir, string yaml, params (string Name, string Text)[] files)
    {
        var result = Load(dir, yaml, files);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Pipeline!;
    }

    public static List<Job> Expand(PipelineSpec pipeline) => [.. new JobExpander(pipeline, Run).Expand()];
}
