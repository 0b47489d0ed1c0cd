using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// The one place the read-side commands (<c>status</c>, <c>export</c>, <c>review</c>, <c>gallery</c>) turn their
/// <c>&lt;manifest|dir&gt;</c> argument (and <c>--date</c>/<c>--outputs</c>) into an outputs folder with a state store; where the
/// store lives is <see cref="StoreLocations"/>'s to say.
/// </summary>
internal static class OutputsFolder
{
    /// <summary>The outputs folder of <paramref name="target"/>, or null after printing why (one line, or the manifest's diagnostics).</summary>
    public static string? Resolve(string target, string command, TimeProvider time, TextWriter error, DateOnly? date = null, string? outputs = null) =>
        Resolve(target, command, time, error, date, outputs, out _);

    /// <summary>As <see cref="Resolve(string, string, TimeProvider, TextWriter, DateOnly?, string?)"/>, with the manifest when the target is one.</summary>
    public static string? Resolve(string target, string command, TimeProvider time, TextWriter error, DateOnly? date, string? outputs, out PipelineSpec? pipeline)
    {
        pipeline = null;
        string directory;
        if (Directory.Exists(target))
        {
            directory = Path.GetFullPath(target);
        }
        else if (File.Exists(target))
        {
            var load = ManifestLoader.Load(target);
            if (load.Pipeline is null)
            {
                DiagnosticPrinter.Print(load.Diagnostics, error);
                return null;
            }

            pipeline = load.Pipeline;
            directory = OutputsSelection.OutputsDirectory(pipeline, OutputsSelection.Context(time, date, outputs));
        }
        else
        {
            error.WriteLine($"seedream-batch {command}: '{target}' is neither a manifest nor a folder");
            return null;
        }

        if (!File.Exists(StoreLocations.StatePath(directory)))
        {
            error.WriteLine($"seedream-batch {command}: no runs recorded in {directory} (no {Path.Combine(".seedream", "state.db")}); run the pipeline first, or pick another day's folder with --date YYYY-MM-DD or --outputs DIR");
            return null;
        }

        return directory;
    }
}
