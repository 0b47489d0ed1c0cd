using System.Collections.Concurrent;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Engine.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>
/// A live view on a terminal, redrawn four times a second. Lines the run prints while it is up are shown in
/// the view and printed for good once it closes, so the terminal keeps them after the view is gone.
/// </summary>
internal sealed class LiveRunProgressView(IAnsiConsole console, TimeProvider time) : RunProgressView
{
    private readonly ConcurrentQueue<string> _notes = new();
    private readonly NoteWriter _writer = new();
    private RunProgress? _latest;

    public override TextWriter Output => _writer;

    public override async Task<RunResult> RunAsync(Func<IProgress<RunProgress>, Task<RunResult>> run)
    {
        _writer.Sink = _notes.Enqueue;
        Task<RunResult>? task = null;
        await console.Live(Render()).AutoClear(true).StartAsync(async context =>
        {
            task = run(new InlineProgress(p => Volatile.Write(ref _latest, p)));
            while (!task.IsCompleted)
            {
                await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(250), time));
                context.UpdateTarget(Render());
            }
        });
        foreach (var note in _notes)
        {
            console.WriteLine(note);
        }

        return await task!;
    }

    public override void Note(string line) => _notes.Enqueue(line);

    private IRenderable Render()
    {
        var rows = new List<IRenderable>();
        rows.AddRange(_notes.Select(n => new Text(n)));
        if (Volatile.Read(ref _latest) is { } p)
        {
            rows.Add(new Markup($"[bold]{Markup.Escape(Line(p))}[/]"));
            rows.AddRange(p.LastErrors.TakeLast(3).Select(e => new Markup($"[red]{Markup.Escape(e)}[/]")));
        }
        else
        {
            rows.Add(new Text("Starting..."));
        }

        return new Rows(rows);
    }

    /// <summary>Collects whole lines for the view instead of writing over it.</summary>
    private sealed class NoteWriter : StringWriter
    {
        public Action<string>? Sink { get; set; }

        public override void WriteLine(string? value) => Sink?.Invoke(value ?? "");

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
