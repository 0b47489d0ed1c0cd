using System.Collections.Concurrent;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>
/// A live view on a terminal, redrawn four times a second. Lines the run prints or logs while it is up are shown
/// in the view (the last few) and printed for good once it closes, so the terminal keeps them all.
/// </summary>
internal sealed class LiveRunProgressView : RunProgressView
{
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;
    /// <summary>Notes shown above the progress; older ones wait for the end, so the view keeps its height.</summary>
    private const int NotesShown = 6;

    private readonly ConcurrentQueue<string> _notes = new();
    private readonly NoteWriter _writer;
    private readonly NoteWriter _logWriter;
    private Snapshot? _latest;

    public LiveRunProgressView(IAnsiConsole console, TimeProvider time)
    {
        _console = console;
        _time = time;
        _writer = new NoteWriter(_notes.Enqueue);
        _logWriter = new NoteWriter(_notes.Enqueue);
    }

    public override TextWriter Output => _writer;

    public override TextWriter LogConsole => _logWriter;

    public override async Task<RunResult> RunAsync(Func<IProgress<RunProgress>, Task<RunResult>> run)
    {
        Task<RunResult>? task = null;
        await _console.Live(Render()).AutoClear(true).StartAsync(async context =>
        {
            task = run(new InlineProgress(p =>
            {
                Keep(p);
                Volatile.Write(ref _latest, new Snapshot(p, _time.GetTimestamp()));
            }));
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(250), _time));
                context.UpdateTarget(Render());
            }
        });
        foreach (var note in _notes)
        {
            _console.WriteLine(note);
        }

        return await task!;
    }

    public override void Note(string line) => _notes.Enqueue(line);

    private IRenderable Render()
    {
        var rows = new List<IRenderable>();
        var width = _console.Profile.Width;
        rows.AddRange(_notes.TakeLast(NotesShown).Select(n => new Text(Fit(n, width - 1))));
        rows.AddRange(Volatile.Read(ref _latest) is { } latest ? Lines(latest.Now(_time), width) : [new Text("Starting...")]);
        return new Rows(rows);
    }

    /// <summary>
    /// The view for one snapshot: a bar of the jobs (done green, failed red, skipped grey), the counts, images,
    /// cost against the budget, time, and the last three errors. A separate method so tests can render it.
    /// </summary>
    internal static IEnumerable<IRenderable> Lines(RunProgress p, int width)
    {
        if (p.ExpectedJobs is > 0 and var expected)
        {
            var percent = Math.Min(100, p.Finished * 100 / expected);
            var suffix = $"  {p.Finished}/{expected} jobs  {percent}%";
            yield return new Markup(Bar(p, expected, Math.Clamp(width - 1 - suffix.Length, 10, 60)) + Markup.Escape(suffix));
        }

        var counts = $"[green]{p.Done} done[/] · {(p.Failed > 0 ? $"[red]{p.Failed} failed[/]" : "0 failed")} · {p.Skipped} skipped{(p.PartlyDone > 0 ? $" · [yellow]{Markup.Escape(RunSummary.MissingImages(p.PartlyDone, p.ImagesMissing))}[/]" : "")}";
        if (p.BudgetSkipped > 0)
        {
            counts += $" · [yellow]{p.BudgetSkipped} over budget[/]";
        }

        yield return new Markup(counts);
        // One cell short of the width: a line that fills the last column leaves the cursor waiting to wrap, and the
        // live display then counts one line too many when it moves back up to redraw.
        var usable = width - 1;
        yield return new Markup(Markup.Escape(Fit(Figures(p), usable)));
        foreach (var error in p.LastErrors.TakeLast(3))
        {
            yield return new Markup($"[red]✗[/] {Markup.Escape(Fit(error, usable - 2))}");
        }
    }

    /// <summary>
    /// One terminal line at most: a line that wraps changes the view's height between redraws, and Spectre's live
    /// display then leaves stale copies on screen. Counts cells, so Chinese product names (two cells) fit too.
    /// </summary>
    internal static string Fit(string text, int cells)
    {
        text = text.ReplaceLineEndings(" ");
        if (text.Sum(CellsOf) <= cells)
        {
            return text;
        }

        var used = 1; // the ellipsis
        var end = 0;
        while (end < text.Length && used + CellsOf(text[end]) <= cells)
        {
            used += CellsOf(text[end]);
            end++;
        }

        // Never cut a surrogate pair in half.
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end].TrimEnd() + "…";
    }

    /// <summary>Terminal cells of one UTF-16 unit: East Asian wide forms take two (a surrogate pair's halves one each).</summary>
    private static int CellsOf(char c) => c switch
    {
        >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' => 2,
        _ => 1,
    };

    private static string Bar(RunProgress p, long expected, int cells)
    {
        // Each part rounds down on its own; the remainder shows as not done yet.
        int Cells(long jobs) => (int)Math.Min(cells, jobs * cells / expected);
        var done = Cells(p.Done);
        var failed = Cells(p.Failed);
        var skipped = Math.Min(cells - done - failed, Cells(p.Skipped + p.BudgetSkipped));
        var left = Math.Max(0, cells - done - failed - skipped);
        return $"[green]{new string('━', done)}[/][red]{new string('━', failed)}[/][grey]{new string('━', skipped)}[/][grey23]{new string('━', left)}[/]";
    }

    private static string Figures(RunProgress p)
    {
        var cost = p.MaxCostUsd is { } max
            ? $"${p.CostSoFarUsd:0.00} of ${max:0.00} ({(max > 0 ? p.CostSoFarUsd * 100 / max : 100):0}%)"
            : $"${p.CostSoFarUsd:0.00}";
        var eta = p.Eta is { } e ? $" · ETA {e:hh\\:mm\\:ss}" : "";
        var backlog = p.PaidProcessing > 0 ? $" · paid, still processing: {p.PaidProcessing}" : "";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{p.ImagesGenerated} images · {p.ImagesPerMinute:0}/min · {cost}{backlog} · {p.Elapsed:hh\\:mm\\:ss} elapsed{eta}");
    }

    /// <summary>A progress report and when it came: reports come as jobs finish, the clock keeps going in between.</summary>
    private sealed record Snapshot(RunProgress Progress, long ReceivedAt)
    {
        /// <summary>The report with elapsed time and ETA moved on to now, so a stretch without finished jobs (429 pauses, slow tasks) does not look frozen.</summary>
        public RunProgress Now(TimeProvider time)
        {
            var age = time.GetElapsedTime(ReceivedAt);
            return Progress with
            {
                Elapsed = Progress.Elapsed + age,
                Eta = Progress.Eta is { } eta ? (eta > age ? eta - age : TimeSpan.Zero) : null,
            };
        }
    }

    /// <summary>
    /// Collects whole lines for the view instead of writing over it. Writers (Serilog's sink among them) may write a
    /// line in pieces, so text is gathered until a newline.
    /// </summary>
    private sealed class NoteWriter(Action<string> sink) : TextWriter
    {
        private readonly Lock _gate = new();
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_gate)
            {
                if (value == '\n')
                {
                    sink(_line.ToString().TrimEnd('\r'));
                    _line.Clear();
                }
                else
                {
                    _line.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            lock (_gate)
            {
                foreach (var c in value ?? "")
                {
                    Write(c);
                }
            }
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write((value ?? "") + "\n");

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
