using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// The one place the read-side commands (<c>status</c>, <c>review</c>, <c>gallery</c>) turn their <c>&lt;manifest|dir&gt;</c>
/// argument into an outputs folder with a state store, so where the store lives can change in one place.
/// </summary>
internal static class OutputsFolder
{
    /// <summary>The outputs folder of <paramref name="target"/>, or null after printing why (one line, or the manifest's diagnostics).</summary>
    public static string? Resolve(string target, string command, TimeProvider time, TextWriter error)
    {
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

            directory = new JobExpander(load.Pipeline, RunContext.Start(time)).OutputDirectory;
        }
        else
        {
            error.WriteLine($"seedream-batch {command}: '{target}' is neither a manifest nor a folder");
            return null;
        }

        if (!File.Exists(StateStore.PathFor(directory)))
        {
            error.WriteLine($"seedream-batch {command}: no runs recorded in {directory} (no {Path.Combine(".seedream", "state.db")}); run the pipeline first");
            return null;
        }

        return directory;
    }
}
