using System.CommandLine;
using SeedreamBatch.Cli.Commands;
using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Cli;

/// <summary>Builds the command tree; the composition root of the tool.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot(TimeProvider time)
    {
        var root = new RootCommand("seedream-batch: batch image pipelines for ByteDance Seedream models — plan, run, resume, report.")
        {
            GlobalOptions.Verbose,
            GlobalOptions.NoColor,
        };
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create(time));
        root.Subcommands.Add(PlanCommand.Create(time));
        root.Subcommands.Add(SimCommand.Create());
        return root;
    }

    public static int Run(string[] args, TimeProvider? time = null)
    {
        var root = BuildRoot(time ?? TimeProvider.System);
        var parse = root.Parse(args);
        try
        {
            var code = parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });

            // System.CommandLine answers bad flags with exit 1; DESIGN.md says invalid input is 2.
            return parse.Errors.Count > 0 ? ExitCodes.InvalidInput : code;
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
