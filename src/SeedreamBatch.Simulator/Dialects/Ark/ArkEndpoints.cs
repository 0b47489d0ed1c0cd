using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary><c>POST /api/v3/images/generations</c>: synchronous JSON or SSE streaming.</summary>
internal sealed class ArkEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string Path = "/api/v3/images/generations";
    private readonly ArkDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, http => pipeline.RunAsync(http, _dialect, GenerateAsync));

    private async Task GenerateAsync(SimCall call)
    {
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var request = ArkRequestValidator.Validate(body, sim.Options);
        if (sim.Faults.ClosedModels.Contains(request.Model.Id))
        {
            throw new SimRequestException(SimErrorKind.ModelNotOpen, $"The model {request.Model.Id} is not activated for your account. Activate it in the console first.", "model");
        }

        if (PromptMarkers.Contains(request.Prompt, sim.Faults.RiskMarker))
        {
            throw new SimRequestException(SimErrorKind.RiskDetected, "The request failed because the input text was flagged by risk detection.", "prompt");
        }
        if (!request.Model.IsV4OrLater && PromptMarkers.Contains(request.Prompt, sim.Faults.ContentMarker))
        {
            // The 3.x models answer with the generic code; 4.x names the input that tripped the check.
            throw new SimRequestException(SimErrorKind.InputTextSensitive, "The request failed because the input text may contain sensitive information.", "prompt")
            {
                Code = "SensitiveContentDetected",
            };
        }

        var order = new GenerationOrder("ark", call.ApiKey, call.Job, request.Model.Id, request.Prompt, request.HonouredSeed,
            request.Size.Width, request.Size.Height, request.Count, request.Format,
            sim.Prices.For("ark", request.Model.Id), request.Images);
        sim.Generator.Admit(order);
        if (request.Stream)
        {
            await StreamAsync(call, request, order);
            return;
        }

        var outcomes = await sim.Generator.GenerateAsync(order, call.BaseUri, request.Base64, Guid.NewGuid().ToString(), call.Aborted);
        if (await pipeline.FailAfterChargeAsync(call))
        {
            return;
        }

        var data = new JsonArray();
        foreach (var o in outcomes)
        {
            data.Add(o.Succeeded ? Image(o, request.Base64) : new JsonObject { ["error"] = Error(o) });
        }

        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject
        {
            ["model"] = request.Model.Id,
            ["created"] = sim.Time.GetUtcNow().ToUnixTimeSeconds(),
            ["data"] = data,
            ["usage"] = Usage(outcomes.Where(o => o.Succeeded).ToList(), order),
        });
    }

    /// <remarks>
    /// A dropped stream (<see cref="FaultSettings.StreamDropRate"/>) ends without the completed event and <c>[DONE]</c>:
    /// a clean end rather than a reset, because a reset can make the client's kernel discard the events already sent,
    /// which would make the fault nondeterministic; the connection reset is <see cref="FaultSettings.ResetAfterChargeRate"/>'s job.
    /// </remarks>
    private async Task StreamAsync(SimCall call, ArkRequest request, GenerationOrder order)
    {
        var http = call.Http;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var created = sim.Time.GetUtcNow().ToUnixTimeSeconds();

        // Decided before the response starts: the request is counted as it starts, so a cut stream counts as one.
        int? dropAfter = sim.Faults.StreamDropRate > 0 && sim.Random.NextDouble() < sim.Faults.StreamDropRate ? sim.Faults.StreamDropAfterEvents : null;
        if (dropAfter is not null)
        {
            call.Outcome = "stream_drop";
        }

        // The 200 and its headers go out at once: from here the request is accepted, whatever becomes of the stream.
        await http.Response.StartAsync(call.Aborted);
        var events = Channel.CreateUnbounded<ImageOutcome>();
        var generation = GenerateStreamAsync(order, call.BaseUri, request.Base64, events.Writer);
        var written = 0;
        await foreach (var o in events.Reader.ReadAllAsync(call.Aborted))
        {
            if (written == dropAfter)
            {
                return;
            }

            JsonObject payload;
            string type;
            if (o.Succeeded)
            {
                type = "image_generation.partial_succeeded";
                payload = Image(o, request.Base64);
            }
            else
            {
                type = "image_generation.partial_failed";
                payload = new JsonObject { ["error"] = Error(o) };
            }

            payload["type"] = type;
            payload["model"] = request.Model.Id;
            payload["created"] = created;
            payload["image_index"] = o.Index;
            await WriteEventAsync(http, type, payload.ToJsonString());
            written++;
        }

        var succeeded = await generation;

        // Fewer events than the drop point: the stream is still cut, before its completed event.
        if (dropAfter is not null)
        {
            return;
        }

        await WriteEventAsync(http, "image_generation.completed", new JsonObject
        {
            ["type"] = "image_generation.completed",
            ["model"] = request.Model.Id,
            ["created"] = created,
            ["usage"] = Usage(succeeded, order),
        }.ToJsonString());
        await http.Response.WriteAsync("data: [DONE]\n\n", call.Aborted);
    }

    /// <summary>Produces and charges every image whether or not the stream is still read, as Ark does once it accepted the request.</summary>
    private async Task<IReadOnlyList<ImageOutcome>> GenerateStreamAsync(GenerationOrder order, Uri baseUri, bool inline, ChannelWriter<ImageOutcome> events)
    {
        var succeeded = new List<ImageOutcome>();
        try
        {
            await foreach (var o in sim.Generator.ProduceEachAsync(order, baseUri, inline))
            {
                if (o.Succeeded)
                {
                    succeeded.Add(o);
                }

                events.TryWrite(o);
                if (o.Error == SimErrorKind.InternalError)
                {
                    // Ark stops a stream at an internal error; what was delivered is still billed.
                    break;
                }
            }

            sim.Generator.Charge(order, succeeded.Count, Guid.NewGuid().ToString());
        }
        finally
        {
            events.TryComplete();
        }

        return succeeded;
    }

    private static async Task WriteEventAsync(HttpContext http, string type, string json)
    {
        await http.Response.WriteAsync($"event: {type}\ndata: {json}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static JsonObject Image(ImageOutcome o, bool base64) => base64
        ? new JsonObject { ["b64_json"] = Convert.ToBase64String(o.Bytes!), ["size"] = o.Size }
        : new JsonObject { ["url"] = o.Url, ["size"] = o.Size };

    private static JsonObject Error(ImageOutcome o) => new()
    {
        ["code"] = ArkDialect.Describe(o.Error!.Value).Code,
        ["message"] = o.ErrorMessage,
    };

    private static JsonObject Usage(IReadOnlyCollection<ImageOutcome> succeeded, GenerationOrder order)
    {
        // Ark counts an image's output tokens as its pixels / 256.
        var tokens = succeeded.Count * (order.Width * (long)order.Height / 256);
        return new JsonObject { ["generated_images"] = succeeded.Count, ["output_tokens"] = tokens, ["total_tokens"] = tokens };
    }
}
