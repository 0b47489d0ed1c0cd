#:package NetVips
#:package NetVips.Native.linux-x64
#:property InvariantGlobalization=true
// The libvips header probe of one original (ImageProbe.Open), two ways, alternated in one process: FindLoadBuffer then
// Image.NewFromBuffer (which searches every loader again) vs FindLoadBuffer then Operation.Call(loader) (what the engine does).
// Usage: dotnet run bench/engine/probe.cs -c Release -- <image file> [probes per round=3000]
using System.Diagnostics;
using NetVips;
var data = File.ReadAllBytes(args[0]);
int n = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3000;
Cache.Max = 0;
double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
void Old() { var l = Image.FindLoadBuffer(data); using var i = Image.NewFromBuffer(data, failOn: Enums.FailOn.Error); _ = i.Width; }
void New() { var l = Image.FindLoadBuffer(data)!; using var i = (Image)Operation.Call(l, new VOption { { "fail_on", Enums.FailOn.Error } }, data); _ = i.Width; }
for (int w = 0; w < 500; w++) { Old(); New(); }
for (int r = 1; r <= 5; r++)
{
    var a = Cpu(); for (int k = 0; k < n; k++) Old(); var b = Cpu(); for (int k = 0; k < n; k++) New(); var c = Cpu();
    Console.WriteLine($"round {r}: NewFromBuffer {(b - a) * 1000 / n:F1} µs CPU/probe, Operation.Call {(c - b) * 1000 / n:F1} µs CPU/probe, ratio {(c - b) / (b - a):F2}");
}
