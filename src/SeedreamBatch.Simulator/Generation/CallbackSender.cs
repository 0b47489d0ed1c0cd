using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SeedreamBatch.Simulator.Generation;

/// <summary>
/// POSTs task results to client callback URLs, in the background, best effort (as the real services do). Counted
/// apart from the API requests the simulator receives: as sent before the POST, by outcome once it is answered.
/// </summary>
internal sealed class CallbackSender(SimStats stats) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Send(string url, JsonNode body) => _ = SendAsync(url, body);

    private async Task SendAsync(string url, JsonNode body)
    {
        stats.CallbackSent();
        try
        {
            using var response = await _http.PostAsJsonAsync(url, body);
            stats.CallbackDone(response.IsSuccessStatusCode ? "delivered" : "rejected");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            stats.CallbackDone("failed");
        }
    }

    public void Dispose() => _http.Dispose();
}
