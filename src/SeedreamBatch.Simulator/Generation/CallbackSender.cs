using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Generation;

/// <summary>POSTs task results to client callback URLs, in the background, best effort (as the real services do).</summary>
internal sealed class CallbackSender(SimStats stats) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Send(string url, JsonNode body) => _ = SendAsync(url, body);

    private async Task SendAsync(string url, JsonNode body)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync(url, body);
            stats.Callback(response.IsSuccessStatusCode ? "delivered" : "rejected");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            stats.Callback("failed");
        }
    }

    public void Dispose() => _http.Dispose();
}
