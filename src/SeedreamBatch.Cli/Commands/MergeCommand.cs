using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Cli.Review;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// <c>merge</c>: the shard workers' records of an outputs folder become its manifest.csv/json, summary.json and
/// gallery.html (every shard's jobs; not when the manifest the shards ran says <c>outputs.gallery: false</c>).
/// </summary>
internal static class MergeCommand
{
    public static Command Create(TimeProvider time)
    {
        var folder = new Argument<string>("outputs-dir") { Description = "The outputs folder the shard workers (run --shard I/N) wrote to." };
        var command = new Command("merge", "Combine the shards of an outputs folder into its manifest.csv, manifest.json, summary.json and gallery.html (after every worker has finished).")
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

        var stores = StoreLocations.ExistingShardStores(directory).Select(name => Path.Combine(StoreLocations.RecordsDirectory(directory), name, "state.db")).ToList();
        var gallery = await GalleryWantedAsync(stores[0], cancellationToken) ? " and " + GalleryWriter.DefaultFileName : "";
        if (gallery.Length > 0)
        {
            try
            {
                await GalleryWriter.WriteAsync(directory, stores, Path.Combine(directory, GalleryWriter.DefaultFileName), cancellationToken);
            }
            catch (IOException e)
            {
                // As after a run: the merged manifest and summary are complete; a gallery that could not be written is a warning.
                await error.WriteLineAsync($"warning: could not write the gallery: {e.Message}");
                gallery = "";
            }
        }

        var files = gallery.Length > 0 ? "manifest.json, summary.json" + gallery : "manifest.json and summary.json";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Merged {shards} shard(s): {rows} row(s) into {Path.Combine(directory, "manifest.csv")}, {files}."));
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>outputs.gallery</c> of the manifest the shards last ran (merge checked they all ran the same), read from where it
    /// is now without <c>--env</c>/<c>--set</c> overlays; true when that file is gone or no longer loads (merge has no
    /// other way to know, and a gallery is read-only and harmless).
    /// </summary>
    private static async Task<bool> GalleryWantedAsync(string statePath, CancellationToken cancellationToken)
    {
        using var reader = StateReader.Open(statePath);
        return await reader.GetLatestManifestAsync(cancellationToken) is not { } manifest
            || !File.Exists(manifest.ManifestPath)
            || ManifestLoader.Load(manifest.ManifestPath).Pipeline?.Outputs.Gallery != false;
    }
}
