using System.CommandLine;

namespace SeedreamBatch.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show details of internal errors (stack traces) and debug logging.",
        Recursive = true,
    };

    public static Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "Plain text output without colours (also when NO_COLOR is set).",
        Recursive = true,
    };
}
