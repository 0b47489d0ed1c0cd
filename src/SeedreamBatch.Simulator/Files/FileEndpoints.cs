using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace SeedreamBatch.Simulator.Files;

/// <summary><c>GET /files/{id}</c>: result downloads, with expiry and the download faults.</summary>
internal sealed class FileEndpoints(SimContext sim)
{
    private const int Chunk = 16 * 1024;

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet("/files/{id}", ServeAsync);

    private async Task ServeAsync(HttpContext http)
    {
        var id = (string)http.Request.RouteValues["id"]!;
        var entry = sim.Files.Find(id);
        if (entry is null)
        {
            sim.Stats.Download("not_found");
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsync("NoSuchKey: the specified key does not exist.", http.RequestAborted);
            return;
        }

        if (sim.Files.IsExpired(entry))
        {
            // Signed object-store URLs answer 403 once their signature has expired.
            sim.Stats.Download("expired");
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.Response.WriteAsync("AccessDenied: Request has expired.", http.RequestAborted);
            return;
        }

        var bytes = sim.Images.Get(entry.Spec);
        var faults = sim.Faults;
        var outcome = "ok";
        if (faults.CorruptImageRate > 0 && sim.Random.NextDouble() < faults.CorruptImageRate)
        {
            bytes = Corrupt(bytes);
            outcome = "corrupt";
        }

        var truncate = faults.TruncateDownloadRate > 0 && sim.Random.NextDouble() < faults.TruncateDownloadRate;
        http.Response.ContentType = entry.Spec.ContentType;
        http.Response.ContentLength = bytes.Length;
        var limit = truncate ? bytes.Length / 2 : bytes.Length;
        var rate = faults.DownloadBytesPerSecond;
        try
        {
            for (var at = 0; at < limit; at += Chunk)
            {
                var n = Math.Min(Chunk, limit - at);
                if (rate > 0)
                {
                    // Wait before each chunk, so even a one-chunk file arrives no sooner than the rate allows.
                    await sim.DelayAsync(TimeSpan.FromSeconds((double)n / rate), http.RequestAborted);
                }

                await http.Response.Body.WriteAsync(bytes.AsMemory(at, n), http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            outcome = "client_aborted";
        }

        if (truncate)
        {
            await http.Response.Body.FlushAsync(CancellationToken.None);
            // Counted before the connection drops: the client learns of the truncation only from the drop, at once,
            // and a test asserting the count must not race it.
            sim.Stats.Download("truncated");
            http.Abort();
            return;
        }

        // A complete body is counted once sent, so possibly after the client has read it: wait for it with
        // SimStats.WaitForCountAsync.
        sim.Stats.Download(outcome);
    }

    /// <summary>Same length, scrambled middle and no end-of-image marker: a decoder must reject or flag it.</summary>
    private static byte[] Corrupt(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = Math.Min(copy.Length, 32); i < copy.Length; i++)
        {
            copy[i] ^= (byte)(0x5A + i);
        }

        if (copy.Length >= 2)
        {
            copy[^2] = 0;
            copy[^1] = 0;
        }

        return copy;
    }
}
