using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Progress;
using Spectre.Console;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>How a run shows its progress: a live view on a terminal, plain lines for cron and CI logs.</summary>
internal abstract class RunProgressView : IDisposable
{
    /// <summary>Where the run's one-line messages (simulator line, summary) go.</summary>
    public abstract TextWriter Output { get; }

    /// <summary>Where the log's console lines go (stderr for plain output; into the view while it is live).</summary>
    public abstract TextWriter LogConsole { get; }

    public static RunProgressView Create(IAnsiConsole console, TimeProvider time) =>
        console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
            ? new LiveRunProgressView(console, time)
            : new PlainRunProgressView(Console.Out, time, TimeSpan.FromSeconds(10));

    /// <summary>Runs <paramref name="run"/> with a progress sink that feeds this view.</summary>
    public abstract Task<RunResult> RunAsync(Func<IProgress<RunProgress>, Task<RunResult>> run);

    /// <summary>A line such as "Stopping: ..." (called from the Ctrl+C handler's thread).</summary>
    public abstract void Note(string line);

    public virtual void Dispose()
    {
    }

    /// <summary>The numbers both views show, in one line.</summary>
    protected static string Line(RunProgress p)
    {
        var cost = p.MaxCostUsd is { } max ? $"${p.CostSoFarUsd:0.00} of ${max:0.00}" : $"${p.CostSoFarUsd:0.00}";
        var eta = p.Eta is { } e ? $", ETA {e:hh\\:mm\\:ss}" : "";
        var missing = p.PartlyDone > 0 ? ", " + RunSummary.MissingImages(p.PartlyDone, p.ImagesMissing) : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{p.Done} done, {p.Failed} failed, {p.Skipped + p.BudgetSkipped} skipped{missing} · {p.ImagesGenerated} images ({p.ImagesPerMinute:0}/min) · {cost} · {p.Elapsed:hh\\:mm\\:ss} elapsed{eta}");
    }
}
