using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// The run's log: every event as JSON lines in <c>&lt;outputs&gt;/.seedream/logs/run-&lt;runId&gt;.jsonl</c>, and
/// warnings and errors (everything with --verbose) on stderr for the person watching.
/// </summary>
internal static class RunLogging
{
    public static string PathFor(string outputsDirectory, string runId) =>
        Path.Combine(outputsDirectory, ".seedream", "logs", $"run-{runId}.jsonl");

    public static Logger Create(string outputsDirectory, string runId, bool verbose)
    {
        var path = PathFor(outputsDirectory, runId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("RunId", runId)
            .WriteTo.File(new JsonFormatter(renderMessage: true), path)
            .WriteTo.Console(verbose ? LogEventLevel.Debug : LogEventLevel.Warning, "{Level:u3}: {Message:lj}{NewLine}", standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
    }
}
