using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// The run's log: every event as JSON lines in <c>&lt;outputs&gt;/.seedream/logs/run-&lt;runId&gt;.jsonl</c>, and
/// warnings and errors (everything with --verbose) on the console writer (stderr, or a live view's) for the person watching.
/// </summary>
internal static class RunLogging
{
    /// <summary>
    /// Marks an event the caller prints on its own (as <c>error: …</c>): it goes to the JSON log but not to the console,
    /// where it would stand twice.
    /// </summary>
    public const string PrintedSeparately = "PrintedSeparately";

    public static string PathFor(string outputsDirectory, string runId) =>
        Path.Combine(outputsDirectory, ".seedream", "logs", $"run-{runId}.jsonl");

    public static Logger Create(string outputsDirectory, string runId, bool verbose, TextWriter console)
    {
        var path = PathFor(outputsDirectory, runId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new LoggerConfiguration()
            .MinimumLevel.Debug()
            .Enrich.WithProperty("RunId", runId)
            .WriteTo.File(new JsonFormatter(renderMessage: true), path)
            .WriteTo.Logger(
                onConsole => onConsole
                    .Filter.ByExcluding(Serilog.Filters.Matching.WithProperty(PrintedSeparately))
                    .WriteTo.Sink(new LineSink(console, new MessageTemplateTextFormatter("{Level:u3}: {Message:lj}{NewLine}", CultureInfo.InvariantCulture))),
                verbose ? LogEventLevel.Debug : LogEventLevel.Warning)
            .CreateLogger();
    }

    /// <summary>Each event formatted whole, then written in one call, so lines from two threads never interleave.</summary>
    private sealed class LineSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            using var line = new StringWriter(CultureInfo.InvariantCulture);
            formatter.Format(logEvent, line);
            lock (_gate)
            {
                writer.Write(line.ToString());
                writer.Flush();
            }
        }
    }
}
