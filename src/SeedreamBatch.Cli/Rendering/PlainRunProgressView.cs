using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Progress;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>For logs (stdout not a terminal): one progress line per <c>interval</c> at most; the summary ends it.</summary>
internal sealed class PlainRunProgressView(TextWriter output, TimeProvider time, TimeSpan interval) : RunProgressView
{
    private readonly Lock _gate = new();
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;

    public override TextWriter Output => output;

    public override TextWriter LogConsole => Console.Error;

    public override Task<RunResult> RunAsync(Func<IProgress<RunProgress>, Task<RunResult>> run) =>
        run(new InlineProgress(Report));

    public override void Note(string line)
    {
        lock (_gate)
        {
            output.WriteLine(line);
        }
    }

    private void Report(RunProgress progress)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now - _lastLine < interval)
            {
                return;
            }

            _lastLine = now;
            output.WriteLine(Line(progress));
        }
    }
}
