using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SeedreamBatch.Testing;

/// <summary>
/// A real <c>redis-server</c> (Debian package; scripts/install-deps installs it) for one test: loopback only, a free port,
/// its own temp folder, no persistence, stopped and removed on dispose. Readiness is its own "Ready to accept
/// connections" line, not a poll.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _directory;

    private RedisServer(Process process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>redis://127.0.0.1:port</c>, as a manifest's <c>coordination.redis</c>.</summary>
    public Uri Uri => new(string.Create(CultureInfo.InvariantCulture, $"redis://127.0.0.1:{Port}"));

    public static async Task<RedisServer> StartAsync()
    {
        var directory = new TempDirectory();
        var port = FreePort();
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory.Path, "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes" })
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            directory.Dispose();
            throw new InvalidOperationException("redis-server not found: run scripts/install-deps (Debian package redis-server)", e);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                log.Enqueue(line);
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? "");
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited: " + string.Join(" | ", log)));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        return new RedisServer(process, directory, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Dispose();
    }

    /// <summary>A port free right now (bound to 0 and released); redis-server takes it next.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
