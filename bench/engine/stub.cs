#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
#:property InvariantGlobalization=true
// A provider that costs (almost) nothing: an Ark-compatible loopback server that answers every synchronous generation
// after a fixed or uniform latency with one result URL, and serves the same small PNG at every URL. It draws nothing,
// keeps no ledger and no per-job state, so what a benchmark measures against it is the engine's own cost.
// Usage: dotnet run stub.cs -- <port> <latency-min-ms> <latency-max-ms> [png-bytes=16384]
using System.IO.Compression;

var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var minMs = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var maxMs = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var pngBytes = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 16384;
var png = Png(512, 512, pngBytes);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k => k.ListenLocalhost(port));
var app = builder.Build();
long requests = 0;

app.MapGet("/_sim/health", () => Results.Text("ok"));
app.MapGet("/_stub/stats", () => Results.Text($"{{\"requests\":{Interlocked.Read(ref requests)}}}", "application/json"));
app.MapGet("/img/{n}.png", (string n) => Results.Bytes(png, "image/png"));
app.MapPost("/api/v3/images/generations", async (HttpRequest request) =>
{
    // The body is read (a real server reads it) but not parsed: the engine's request is what it is.
    await request.Body.CopyToAsync(Stream.Null);
    var n = Interlocked.Increment(ref requests);
    var delay = minMs == maxMs ? minMs : Random.Shared.Next(minMs, maxMs + 1);
    if (delay > 0)
    {
        await Task.Delay(delay);
    }

    var url = $"http://127.0.0.1:{port}/img/{n}.png";
    return Results.Text(
        $$$"""{"model":"doubao-seedream-3-0-t2i-250415","created":1700000000,"data":[{"url":"{{{url}}}","size":"512x512"}],"usage":{"generated_images":1,"output_tokens":4096,"total_tokens":4096}}""",
        "application/json");
});
app.Run();

// A valid width×height grey PNG padded with an ancillary chunk to about `bytes` (what a download costs is its size).
static byte[] Png(int width, int height, int bytes)
{
    var raw = new byte[(width + 1) * height];
    using var idat = new MemoryStream();
    using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
    {
        z.Write(raw);
    }

    using var png = new MemoryStream();
    png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
    var ihdr = new byte[13];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 0; // greyscale
    Chunk(png, "IHDR", ihdr);
    var padding = Math.Max(0, bytes - (int)idat.Length - 60);
    Chunk(png, "tEXt", [.. "Comment\0"u8.ToArray(), .. Enumerable.Repeat((byte)'x', padding)]);
    Chunk(png, "IDAT", idat.ToArray());
    Chunk(png, "IEND", []);
    return png.ToArray();
}

static void Chunk(Stream s, string type, byte[] data)
{
    Span<byte> len = stackalloc byte[4];
    System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
    s.Write(len);
    var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
    s.Write(typeBytes);
    s.Write(data);
    var crc = Crc32([.. typeBytes, .. data]);
    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(len, crc);
    s.Write(len);
}

static uint Crc32(byte[] data)
{
    var crc = 0xFFFFFFFFu;
    foreach (var b in data)
    {
        crc ^= b;
        for (var k = 0; k < 8; k++)
        {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
    }

    return ~crc;
}
