using System.Diagnostics;
using System.Text;

namespace SeedreamBatch.Install.Tests;

/// <summary>
/// <c>schedule</c> as systemd or Kubernetes sees it: a real process, on real time, stopped with a real SIGTERM while a
/// run has paid requests in flight (the simulator answers each after 2 s). The run finishes and records them, the
/// process exits 130 as documented, and nothing is left half-written.
/// </summary>
public sealed class ScheduleProcessTests
{
    [Fact]
    public async Task Schedule_SigtermDuringARun_FinishesInFlightJobsAndExits130()
    {
        using var dir = new TempDirectory();
        dir.Write("slow.yaml", "latency: { request: \"fixed:2s\" }\n");
        var rows = string.Join("\n", Enumerable.Range(0, 12).Select(i => $"    - {{ item: \"item {i}\" }}"));
        var manifest = dir.Write("pipeline.yaml", $$$"""
            version: 1
            name: sigterm
            provider: sim
            providers: { ark: { concurrency: 4 } }
            rows:
              inline:
            {{{rows}}}
            prompt: "a studio photo of {{ item }}"
            models: [seedream-3.0-t2i]
            sizes: [512x512]
            outputs: { dir: out, name: "{{ item | slug }}" }
            schedule: { cron: "* * * * * *" }

            """);
        var dll = RepoRoot.Of("src", "SeedreamBatch.Cli", "bin", "Release", "net10.0", "seedream-batch.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "schedule", manifest, "--sim-faults", dir.Combine("slow.yaml"), "--no-color" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("running against the built-in simulator", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        var errors = process.StandardError.ReadToEndAsync();

        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        var text = output.ToString();

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}\n{text}\n{await errors}");
        Assert.Contains("stopping: no new runs", text, StringComparison.Ordinal);
        Assert.Contains("Interrupted:", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Contains("starting run", StringComparison.Ordinal));
        Assert.True(File.Exists(dir.Combine("out", "summary.json")));
        Assert.Empty(Directory.GetFiles(dir.Combine("out"), "*.part", SearchOption.AllDirectories));
    }
}
