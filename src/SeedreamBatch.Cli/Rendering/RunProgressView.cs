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

    /// <summary>The last progress report; null before the first.</summary>
    public RunProgress? Latest => Volatile.Read(ref _latestReport);

    private RunProgress? _latestReport;

    /// <summary>Keeps <paramref name="progress"/> as <see cref="Latest"/>; views call it from their sink.</summary>
    protected void Keep(RunProgress progress) => Volatile.Write(ref _latestReport, progress);

    /// <summary>"Stopping: nothing new is sent, waits and downloads stop; 12 requests in flight (up to $0.36) finish and are recorded (…)."</summary>
    public string StoppingLine()
    {
        var inFlight = Latest is { InFlight: > 0 } p
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.InFlight} {(p.InFlight == 1 ? "request" : "requests")} in flight (up to ${p.InFlightUsd:0.00})")
            : "requests in flight";
        return $"Stopping: nothing new is sent, waits and downloads stop; {inFlight} finish and are recorded (Ctrl+C again to abort).";
    }

    public virtual void Dispose()
    {
    }

    /// <summary>The numbers both views show, in one line.</summary>
    protected static string Line(RunProgress p)
    {
        var cost = p.MaxCostUsd is { } max ? $"${p.CostSoFarUsd:0.00} of ${max:0.00}" : $"${p.CostSoFarUsd:0.00}";
        var eta = p.Eta is { } e ? $", ETA {e:hh\\:mm\\:ss}" : "";
        var missing = p.PartlyDone > 0 ? ", " + RunSummary.MissingImages(p.PartlyDone, p.ImagesMissing) : "";
        var backlog = p.PaidProcessing > 0 ? $", paid, still processing: {p.PaidProcessing}" : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{p.Done} done, {p.Failed} failed, {p.Skipped + p.BudgetSkipped} skipped{missing}{backlog} · {p.ImagesGenerated} images ({p.ImagesPerMinute:0}/min) · {cost} · {p.Elapsed:hh\\:mm\\:ss} elapsed{eta}");
    }
}
