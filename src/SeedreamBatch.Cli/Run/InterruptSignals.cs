using System.Runtime.InteropServices;

namespace SeedreamBatch.Cli.Run;

/// <summary>
/// Ctrl+C and SIGTERM for <c>run</c>: the first stops submitting (in-flight jobs finish and are recorded), the
/// second aborts them. The process is never killed from here: the engine must get to write the manifests.
/// </summary>
internal sealed class InterruptSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Action _onFirst;
    private readonly Action _onSecond;
    private readonly PosixSignalRegistration? _sigterm;
    private int _count;

    public InterruptSignals(Action onFirst, Action onSecond)
    {
        _onFirst = onFirst;
        _onSecond = onSecond;
        Console.CancelKeyPress += OnCancelKeyPress;
        _sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Signal();
        });
    }

    public CancellationToken Stop => _stop.Token;

    public CancellationToken Abort => _abort.Token;

    /// <summary>What a Ctrl+C does; public so the second-press logic is testable without a terminal.</summary>
    public void Signal()
    {
        if (Interlocked.Increment(ref _count) == 1)
        {
            _stop.Cancel();
            _onFirst();
        }
        else
        {
            _abort.Cancel();
            _onSecond();
        }
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _sigterm?.Dispose();
        _stop.Dispose();
        _abort.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        Signal();
    }
}
