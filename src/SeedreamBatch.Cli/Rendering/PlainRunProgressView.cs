using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Progress;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>
/// For logs (stdout not a terminal): one progress line per <c>interval</c> at most, and each error line once, as it
/// happens (a retry's wait, such as a capped Retry-After, shows while it lasts), every line stamped with the UTC time
/// (cron logs have none of their own); the summary ends it.
/// </summary>
internal sealed class PlainRunProgressView(TextWriter output, TimeProvider time, TimeSpan interval) : RunProgressView
{
    private readonly Lock _gate = new();
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;
    private long _errorsShown;

    public override TextWriter Output => output;

    public override TextWriter LogConsole => Console.Error;

    public override Task<RunResult> RunAsync(Func<IProgress<RunProgress>, Task<RunResult>> run) =>
        run(new InlineProgress(Report));

    public override void Note(string line)
    {
        lock (_gate)
        {
            output.WriteLine(Stamp(line));
        }
    }

    private void Report(RunProgress progress)
    {
        Keep(progress);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var fresh = (int)Math.Min(progress.ErrorCount - _errorsShown, progress.LastErrors.Count);
            foreach (var error in progress.LastErrors.TakeLast(fresh))
            {
                output.WriteLine(Stamp("! " + error));
            }

            _errorsShown = Math.Max(_errorsShown, progress.ErrorCount);
            if (now - _lastLine < interval)
            {
                return;
            }

            _lastLine = now;
            output.WriteLine(Stamp(Line(progress)));
        }
    }

    private string Stamp(string line) => $"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {line}";
}
