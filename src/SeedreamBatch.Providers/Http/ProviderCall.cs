using System.Text.Json.Nodes;

namespace SeedreamBatch.Providers.Http;

/// <summary>One HTTP exchange with a provider.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">Path and query relative to the base URL (a leading '/' keeps any base path).</param>
/// <param name="Body">JSON body, or null.</param>
/// <param name="JobKey">Sent as <c>X-Seedream-Job</c>.</param>
/// <param name="Paid">
/// The call may cost money. Then only failures that prove nothing was processed are retried here
/// (429, 5xx, connection not established); a timeout or a reset after sending is handed to the engine, because
/// providers do not deduplicate and a blind resend could pay twice.
/// </param>
/// <param name="Stream">Return once headers arrive and leave the body open (SSE).</param>
/// <param name="Images">Images the call asks for: a paid attempt's timeout grows with it (<c>ProviderSettings.TimeoutFor</c>).</param>
internal sealed record ProviderCall(HttpMethod Method, string Path, JsonNode? Body, string JobKey, bool Paid, bool Stream = false, int Images = 1)
{
    /// <summary>How long one attempt of this call may take.</summary>
    public TimeSpan TimeoutUnder(Core.Providers.ProviderSettings settings) => Paid ? settings.TimeoutFor(Images) : settings.PollTimeout;
}
