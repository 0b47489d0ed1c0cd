using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Dialects;

namespace SeedreamBatch.Simulator.Hosting;

/// <summary>The simulator's own endpoints under <c>/_sim</c>: ledger, stats and a callback sink. No auth: it is a test tool.</summary>
internal sealed class ControlEndpoints(SimContext sim)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/_sim/ledger", http => SimRequestPipeline.WriteJsonAsync(http, sim.Ledger.ToJson()));
        routes.MapGet("/_sim/stats", http => SimRequestPipeline.WriteJsonAsync(http, sim.Stats.ToJson()));
        routes.MapGet("/_sim/callbacks", http =>
        {
            var all = new JsonArray();
            foreach (var body in sim.Inbox.Received)
            {
                all.Add(body.DeepClone());
            }

            return SimRequestPipeline.WriteJsonAsync(http, new JsonObject { ["callbacks"] = all });
        });
        routes.MapPost("/_sim/callbacks", async http =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            if (body is not null)
            {
                sim.Inbox.Add(body);
            }

            http.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        routes.MapGet("/_sim/health", http => http.Response.WriteAsync("ok", http.RequestAborted));
    }
}
