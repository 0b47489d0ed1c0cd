using System.CommandLine;

namespace SeedreamBatch.Cli.Commands;

/// <summary>The <c>&lt;manifest&gt;</c> argument shared by commands that read a pipeline.</summary>
internal static class ManifestArgument
{
    public static Argument<string> Create() => new("manifest")
    {
        Description = "Path of the pipeline manifest (YAML), e.g. pipelines/catalog.yaml.",
    };
}
