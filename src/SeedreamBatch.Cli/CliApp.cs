using System.CommandLine;

namespace SeedreamBatch.Cli;

/// <summary>Builds the command tree; the composition root of the tool.</summary>
internal static class CliApp
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("SeedreamBatch: batch image pipelines for ByteDance Seedream models.");
        root.Subcommands.Add(Commands.SimCommand.Create());
        return root.Parse(args).Invoke();
    }
}
