using System.Diagnostics;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;

// Usage: SeedreamBatch.Bench <outputs folder> <run id> [--read-only | --variable-names]
// Writes manifest.csv, manifest.json and summary.json from the folder's store, exactly as the end of a run does.
var outputs = args[0];
var runId = args[1];
using var store = StateStore.Open(StateStore.PathFor(outputs), TimeProvider.System);
var writer = new RunReportWriter(outputs, store, "bench", TimeProvider.System);
var process = Process.GetCurrentProcess();
var cpu0 = process.TotalProcessorTime;
var clock = Stopwatch.StartNew();
if (args.Length > 2 && args[2] == "--read-only")
{
    // Only the store query behind manifest.csv/json, rows read and dropped: what the SQL side costs alone.
    using var reader = store.OpenReader();
    long rows = 0;
    await foreach (var _ in reader.ReadCurrentOutputsAsync(CancellationToken.None))
    {
        rows++;
    }

    Console.WriteLine($"rows read: {rows}");
}
else if (args.Length > 2 && args[2] == "--variable-names")
{
    // Only the manifest.csv header's var.* names, read before the first row.
    using var reader = store.OpenReader();
    Console.WriteLine($"variable names: {string.Join(", ", await reader.GetVariableNamesAsync(CancellationToken.None))}");
}
else
{
    await writer.WriteAllAsync(runId, new BudgetSnapshot(0, 0, 0, 0, null, null, false), CancellationToken.None);
}

clock.Stop();
process.Refresh();
var hwm = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
Console.WriteLine(FormattableString.Invariant(
    $"reports: wall {clock.Elapsed.TotalSeconds:0.00} s, CPU {(process.TotalProcessorTime - cpu0).TotalSeconds:0.00} s, process peak RSS {hwm.Split(':')[1].Trim()}"));
