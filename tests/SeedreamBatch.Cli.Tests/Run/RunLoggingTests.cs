using SeedreamBatch.Cli.Run;

namespace SeedreamBatch.Cli.Tests.Run;

public sealed class RunLoggingTests
{
    [Fact]
    public void Create_EventPrintedSeparately_InTheJsonLogButNotOnTheConsole()
    {
        using var dir = new TempDirectory();
        using var console = new StringWriter();

        using (var logger = RunLogging.Create(dir.Path, "run-1", verbose: false, console))
        {
            logger.ForContext(RunLogging.PrintedSeparately, true).Error("{Fatal}", "authentication failed for ark");
            logger.Warning("a warning the console shows");
        }

        Assert.Equal("WRN: a warning the console shows", console.ToString().Trim());
        Assert.Contains("authentication failed for ark", File.ReadAllText(RunLogging.PathFor(dir.Path, "run-1")), StringComparison.Ordinal);
    }
}
