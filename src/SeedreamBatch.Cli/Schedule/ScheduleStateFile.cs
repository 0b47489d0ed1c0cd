using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Schedule;

/// <summary>Where a pipeline's <see cref="ScheduleState"/> lives: one place, so the location can change in one line.</summary>
internal static class ScheduleStateFile
{
    /// <summary>
    /// <c>&lt;outputs root&gt;/.seedream/schedule-&lt;name&gt;.json</c>, the outputs root being <c>outputs.dir</c> up to its first
    /// template hole (<c>../out/catalog/{{ run.date }}</c> → <c>../out/catalog</c>): on the outputs volume, which is
    /// writable where the manifest may not be (a read-only container root, a Kubernetes ConfigMap), and the same every day.
    /// </summary>
    public static string PathFor(PipelineSpec pipeline, string? stateDirectory = null)
    {
        var file = $"schedule-{pipeline.Name}.json";
        if (stateDirectory is not null)
        {
            return Path.Combine(Path.GetFullPath(stateDirectory), file);
        }

        var parts = pipeline.Outputs.Directory.Text.Replace('\\', '/').Split('/');
        var fixedParts = parts.TakeWhile(p => !p.Contains("{{", StringComparison.Ordinal)).ToArray();
        var root = Path.GetFullPath(Path.Combine(pipeline.BaseDirectory, string.Join('/', fixedParts)));
        return Path.Combine(root, ".seedream", file);
    }
}
