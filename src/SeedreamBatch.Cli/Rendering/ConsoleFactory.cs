using Spectre.Console;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>A Spectre console on stdout that stays plain when output is redirected or colours are off.</summary>
internal static class ConsoleFactory
{
    public static IAnsiConsole Create(bool noColor, TextWriter? output = null)
    {
        var plain = noColor || Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 } || Console.IsOutputRedirected || output is not null;
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(output ?? Console.Out),
        });
    }
}
