using System.CommandLine;
using SeedreamBatch.Cli.Review;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>gallery</c>: the review contact sheet as one static HTML file (relative links to the files, no server).</summary>
internal static class GalleryCommand
{
    public static Command Create(TimeProvider time)
    {
        var target = new Argument<string>("manifest-or-dir") { Description = "A pipeline manifest (its outputs folder for today) or an outputs folder." };
        var output = new Option<string?>("--output", "-o") { Description = $"Where to write it (default: {GalleryWriter.DefaultFileName} in the outputs folder)." };
        var command = new Command("gallery", "Write the contact sheet as a static, self-contained HTML file to share or attach to a ticket.")
        {
            target, output,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            if (OutputsFolder.Resolve(parse.GetValue(target)!, "gallery", time, Console.Error) is not { } directory)
            {
                return ExitCodes.InvalidInput;
            }

            var path = parse.GetValue(output) ?? Path.Combine(directory, GalleryWriter.DefaultFileName);
            var count = await GalleryWriter.WriteAsync(directory, path, ct);
            Console.Out.WriteLine($"Wrote {Path.GetFullPath(path)} ({count} jobs).");
            return ExitCodes.Success;
        });
        return command;
    }
}
