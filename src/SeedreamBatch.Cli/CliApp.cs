using System.CommandLine;
using SeedreamBatch.Cli.Commands;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Cli;

/// <summary>Builds the command tree; the composition root of the tool.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot(TimeProvider time)
    {
        var root = new RootCommand("seedream-batch: batch image pipelines for ByteDance Seedream models — plan, run, resume, status, export.")
        {
            GlobalOptions.Verbose,
            GlobalOptions.NoColor,
        };
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create(time));
        root.Subcommands.Add(PlanCommand.Create(time));
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(RunCommand.Create(time));
        root.Subcommands.Add(StatusCommand.Create(time));
        root.Subcommands.Add(ExportCommand.Create(time));
        root.Subcommands.Add(MergeCommand.Create(time));
        root.Subcommands.Add(ScheduleCommand.Create(time));
        root.Subcommands.Add(ReviewCommand.Create(time));
        root.Subcommands.Add(GalleryCommand.Create(time));
        root.Subcommands.Add(RedoCommand.Create(time));
        return root;
    }

    public static int Run(string[] args, TimeProvider? time = null)
    {
        var root = BuildRoot(time ?? TimeProvider.System);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line per problem, not the whole help page: the user sees what is wrong at once.
            var command = string.Join(' ', parse.CommandResult.Command is RootCommand ? ["seedream-batch"] : new[] { "seedream-batch", parse.CommandResult.Command.Name });
            foreach (var error in parse.Errors)
            {
                Console.Error.WriteLine($"{command}: {error.Message.ReplaceLineEndings(" ").Replace("\t", " ", StringComparison.Ordinal)}");
            }

            Console.Error.WriteLine($"Run '{command} --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            // Ctrl+C is the commands' own business (run: once stops, twice aborts), not a timed kill.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (InputException e)
        {
            Rendering.DiagnosticPrinter.Print(e.Diagnostics);
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (!parse.GetValue(GlobalOptions.Verbose))
        {
            Console.Error.WriteLine($"seedream-batch: internal error: {e.GetType().Name}: {e.Message} (run with --verbose for details)");
            return ExitCodes.SomeJobsFailed;
        }
    }
}
