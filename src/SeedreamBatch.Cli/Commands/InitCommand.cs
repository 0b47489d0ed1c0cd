using System.CommandLine;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>init</c>: scaffold a working pipeline (manifest, catalog, template) into a folder.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("directory")
        {
            Description = "Folder to create the pipeline in (created if missing).",
            DefaultValueFactory = _ => ".",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite files that already exist." };
        var command = new Command("init", "Create a starter pipeline (pipeline.yaml, catalog.csv, templates/product.txt) that runs on the built-in simulator.")
        {
            directory, force,
        };
        command.SetAction(parse =>
        {
            var root = Path.GetFullPath(parse.GetValue(directory)!);
            var overwrite = parse.GetValue(force);
            var existing = StarterPipeline.Files.Select(f => Path.Combine(root, f.RelativePath)).Where(File.Exists).ToList();
            if (existing.Count > 0 && !overwrite)
            {
                Console.Error.WriteLine($"init: {string.Join(", ", existing.Select(p => Path.GetRelativePath(Environment.CurrentDirectory, p)))} already exist; nothing written (use --force to overwrite)");
                return ExitCodes.InvalidInput;
            }

            foreach (var (relative, content) in StarterPipeline.Files)
            {
                var path = Path.Combine(root, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content.ReplaceLineEndings("\n") + (content.EndsWith('\n') ? "" : "\n"));
            }

            var shown = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(root, "pipeline.yaml"));
            Console.Out.WriteLine($"Created {shown}, catalog.csv and templates/product.txt.");
            Console.Out.WriteLine($"Next: seedream-batch plan {shown}");
            return ExitCodes.Success;
        });
        return command;
    }
}
