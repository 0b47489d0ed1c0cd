using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.OpenAICompatible;

/// <summary><c>POST /v1/images/generations</c> and <c>/v1/images/edits</c>, synchronous (seed 002).</summary>
internal sealed class OpenAIEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string GenerationsPath = "/v1/images/generations";
    public const string EditsPath = "/v1/images/edits";
    private readonly OpenAIDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(GenerationsPath, http => pipeline.RunAsync(http, _dialect, call => GenerateAsync(call, edit: false)));
        routes.MapPost(EditsPath, http => pipeline.RunAsync(http, _dialect, call => GenerateAsync(call, edit: true)));
    }

    private async Task GenerateAsync(SimCall call, bool edit)
    {
        var body = call.Http.Request.HasFormContentType ? await FormAsJsonAsync(call.Http) : await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var model = JsonFields.RequiredString(body, "model");
        var minPixels = OpenAIModels.MinPixels(model)
            ?? throw new SimRequestException(SimErrorKind.ModelNotFound, $"The model '{model}' does not exist or is not available.", "model");
        var prompt = JsonFields.RequiredString(body, "prompt");
        var references = OpenAIReferences.Collect(body);
        if (edit && references.Count == 0)
        {
            throw new SimRequestException(SimErrorKind.MissingParameter, "Image editing needs a reference: image, image_url, image_urls or images.", "image");
        }

        var count = Count(body);
        if (references.Count > 10)
        {
            throw SimRequestException.Invalid("image", "at most 10 reference images");
        }

        if (references.Count + count > 15)
        {
            throw SimRequestException.Invalid("n", $"references ({references.Count}) plus outputs ({count}) must not exceed 15");
        }

        var size = Size(body, minPixels);
        var format = JsonFields.OptionalString(body, "response_format") ?? "url";
        if (format is not ("url" or "b64_json"))
        {
            throw SimRequestException.Invalid("response_format", "must be url or b64_json");
        }

        var timeout = JsonFields.OptionalInteger(body, "timeout_seconds");
        if (timeout is < 1)
        {
            throw SimRequestException.Invalid("timeout_seconds", "must be a positive integer");
        }

        var order = new GenerationOrder("openai", call.ApiKey, call.Job, model, prompt, null, size.Width, size.Height, count, "jpeg",
            sim.Prices.For("openai", model), references);
        sim.Generator.Admit(order);
        var duration = sim.Generator.SampleDuration(count);
        if (timeout is { } limit && duration > TimeSpan.FromSeconds(limit))
        {
            // The gateway gives up at the caller's timeout; nothing was delivered, so nothing is billed.
            await sim.DelayAsync(TimeSpan.FromSeconds(limit), call.Aborted);
            throw new SimRequestException(SimErrorKind.Timeout, $"Generation did not finish within timeout_seconds={limit}.", "timeout_seconds");
        }

        var outcomes = await sim.Generator.GenerateAsync(order, call.BaseUri, format == "b64_json", Guid.NewGuid().ToString(), call.Aborted, duration);
        if (await pipeline.FailAfterChargeAsync(call))
        {
            return;
        }

        var data = new JsonArray();
        foreach (var o in outcomes.Where(o => o.Succeeded))
        {
            data.Add(format == "b64_json" ? new JsonObject { ["b64_json"] = Convert.ToBase64String(o.Bytes!) } : new JsonObject { ["url"] = o.Url });
        }

        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject { ["created"] = sim.Time.GetUtcNow().ToUnixTimeSeconds(), ["data"] = data });
    }

    private static int Count(JsonObject body)
    {
        var n = JsonFields.OptionalInteger(body, "n");
        var numImages = JsonFields.OptionalInteger(body, "num_images");
        if (n is not null && numImages is not null && n != numImages)
        {
            throw SimRequestException.Invalid("n", "n and num_images disagree; send one of them");
        }

        var count = n ?? numImages ?? 1;
        return count is >= 1 and <= 6 ? (int)count : throw SimRequestException.Invalid(n is null ? "num_images" : "n", "must be between 1 and 6");
    }

    private static PixelSize Size(JsonObject body, long minPixels)
    {
        if (JsonFields.OptionalObject(body, "custom_size") is not { } custom)
        {
            return new PixelSize(2048, 2048);
        }

        var w = JsonFields.OptionalInteger(custom, "width") ?? throw SimRequestException.Missing("custom_size.width");
        var h = JsonFields.OptionalInteger(custom, "height") ?? throw SimRequestException.Missing("custom_size.height");
        if (w is < 1 or > int.MaxValue || h is < 1 or > int.MaxValue)
        {
            throw SimRequestException.Invalid("custom_size", "width and height must be positive");
        }

        return SizeRules.CheckArea("custom_size", new PixelSize((int)w, (int)h), minPixels, 16_777_216, maxSide: 4096, maxAspect: double.MaxValue);
    }

    /// <summary>Form posts carry the same fields as strings; file parts are refused (the gateway takes URLs only).</summary>
    private static async Task<JsonObject> FormAsJsonAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.Files.Count > 0)
        {
            throw SimRequestException.Invalid("image", "file upload is not supported; pass image URLs");
        }

        var body = new JsonObject();
        foreach (var (key, values) in form)
        {
            var name = key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key;
            if (name is "n" or "num_images" or "timeout_seconds")
            {
                body[name] = long.TryParse(values.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw SimRequestException.Invalid(name, "must be an integer");
            }
            else if (name == "custom_size")
            {
                try
                {
                    body[name] = JsonNode.Parse(values.ToString());
                }
                catch (JsonException)
                {
                    throw SimRequestException.Invalid(name, "must be JSON like {\"width\":2048,\"height\":2048}");
                }
            }
            else if (values.Count > 1 || name is "image_urls" or "images")
            {
                body[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            else
            {
                body[name] = values.ToString();
            }
        }

        return body;
    }
}
