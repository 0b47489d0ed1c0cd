#:property PublishAot=false
// Loopback load generator for the simulator: N concurrent clients POST small Ark sync generations
// (3.0 t2i, 512x512, url format) for a bounded time and print requests per second.
// Usage: dotnet run load.cs -- <base-url> [seconds=10] [concurrency=16]
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

var baseUrl = args.Length > 0 ? args[0] : "http://127.0.0.1:8787";
var seconds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10;
var concurrency = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 16;
using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sim-key");
long ok = 0, failed = 0;
var stop = Stopwatch.StartNew();
var deadline = TimeSpan.FromSeconds(seconds);
var workers = Enumerable.Range(0, concurrency).Select(async w =>
{
    var i = 0;
    while (stop.Elapsed < deadline)
    {
        var body = $$"""{"model":"doubao-seedream-3-0-t2i-250415","prompt":"bench {{w}} {{i++}}","size":"512x512","seed":{{i}}}""";
        using var response = await http.PostAsync("/api/v3/images/generations", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        Interlocked.Increment(ref response.IsSuccessStatusCode ? ref ok : ref failed);
    }
}).ToArray();
await Task.WhenAll(workers);
var elapsed = stop.Elapsed.TotalSeconds;
Console.WriteLine($"{ok} ok, {failed} failed in {elapsed:0.0}s with {concurrency} clients: {ok / elapsed:0} req/s");
