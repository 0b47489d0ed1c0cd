using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Engine.Output;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>merge</c>: the shard workers' records of an outputs folder become its manifest.csv/json and summary.json.</summary>
internal static class MergeCommand
{
    public static Command Create(TimeProvider time)
    {
        var folder = new Argument<string>("outputs-dir") { Description = "The outputs folder the shard workers (run --shard I/N) wrote to." };
        var command = new Command("merge", "Combine the shards of an outputs folder into its manifest.csv, manifest.json and summary.json (after every worker has finished).")
        {
            folder,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) => await ExecuteAsync(parse.GetValue(folder)!, time, Console.Out, Console.Error, ct));
        return command;
    }

    public static async Task<int> ExecuteAsync(string folder, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            await error.WriteLineAsync($"seedream-batch merge: '{folder}' is not a folder");
            return ExitCodes.InvalidInput;
        }

        var directory = Path.GetFullPath(folder);
        var (problem, shards, rows) = await new ShardMerger(directory, ToolInfo.Version, time).MergeAsync(cancellationToken);
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}");
            return ExitCodes.InvalidInput;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Merged {shards} shard(s): {rows} row(s) into {Path.Combine(directory, "manifest.csv")}, manifest.json and summary.json."));
        return ExitCodes.Success;
    }
}
