using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Replicate;

/// <summary>
/// Replicate predictions for <c>bytedance/seedream-4</c> (docs/provider-apis.md §6): create with <c>{input}</c>
/// (<c>Prefer: wait</c> holds the answer up to 60 s), <c>GET /v1/predictions/{id}</c>; status starting | processing |
/// succeeded | failed. A content refusal is a failed prediction, not an HTTP error. Unknown input fields are refused (strict).
/// </summary>
internal sealed class ReplicateEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string Model = "bytedance/seedream-4";
    private static readonly string[] Inputs =
        ["prompt", "size", "aspect_ratio", "width", "height", "max_images", "sequential_image_generation", "image_input", "enhance_prompt"];

    private static readonly string[] Ratios = ["match_input_image", "1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3", "21:9"];
    private readonly ReplicateDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/models/{owner}/{name}/predictions", http => pipeline.RunAsync(http, _dialect, CreateAsync));
        routes.MapGet("/v1/predictions/{id}", http => pipeline.RunAsync(http, _dialect, GetAsync));
    }

    private async Task CreateAsync(SimCall call)
    {
        var model = $"{call.Http.Request.RouteValues["owner"]}/{call.Http.Request.RouteValues["name"]}";
        if (model != Model)
        {
            throw new SimRequestException(SimErrorKind.ModelNotFound, $"The requested model {model} was not found.");
        }

        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var input = JsonFields.OptionalObject(body, "input") ?? throw SimRequestException.Missing("input");
        if (input.Select(p => p.Key).FirstOrDefault(k => !Inputs.Contains(k)) is { } unknown)
        {
            throw SimRequestException.Invalid(unknown, "not an input of bytedance/seedream-4");
        }

        var prompt = JsonFields.RequiredString(input, "prompt");
        var size = Size(input);
        var ratio = JsonFields.OptionalString(input, "aspect_ratio");
        if (ratio is not null && !Ratios.Contains(ratio))
        {
            throw SimRequestException.Invalid("aspect_ratio", "one of " + string.Join(", ", Ratios));
        }

        var images = JsonFields.StringOrArray(input, "image_input");
        if (images.Count > 10 || images.Any(u => !ReferenceChecks.IsHttpUrl(u)))
        {
            throw SimRequestException.Invalid("image_input", "1 to 10 http(s) URLs");
        }

        var sequential = JsonFields.OptionalString(input, "sequential_image_generation") ?? "disabled";
        if (sequential is not ("auto" or "disabled"))
        {
            throw SimRequestException.Invalid("sequential_image_generation", "auto or disabled");
        }

        var max = JsonFields.OptionalInteger(input, "max_images") ?? 1;
        if (max is < 1 or > 15 || max + images.Count > 15)
        {
            throw SimRequestException.Invalid("max_images", "1 to 15, reference images included");
        }

        var order = new GenerationOrder("replicate", call.ApiKey, call.Job, Model, prompt, null, size.Width, size.Height,
            sequential == "auto" ? (int)max : 1, "jpeg", sim.Prices.For("replicate", Model), images);
        SimTask task;
        try
        {
            sim.Generator.Admit(order);
            task = sim.Tasks.Create(order, call.BaseUri, body, null, null);
        }
        catch (SimRequestException e) when (e.Kind is SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive)
        {
            // Replicate accepts the prediction, which then fails: nothing is billed.
            await SimRequestPipeline.WriteJsonAsync(call.Http, Prediction(call, Guid.NewGuid().ToString("N"), "failed", null, "Input flagged as sensitive (E005): " + e.Message), 201);
            return;
        }

        if (call.Http.Request.Headers["Prefer"].ToString().StartsWith("wait", StringComparison.OrdinalIgnoreCase) && task.State == SimTaskState.Running)
        {
            await Task.WhenAny(task.Done, sim.DelayAsync(TimeSpan.FromSeconds(60), call.Aborted));
        }

        await SimRequestPipeline.WriteJsonAsync(call.Http, Describe(call, task), 201);
    }

    private async Task GetAsync(SimCall call)
    {
        var id = (string)call.Http.Request.RouteValues["id"]!;
        var task = sim.Tasks.Find(id, call.ApiKey) ?? throw new SimRequestException(SimErrorKind.TaskNotFound, "Not found.");
        await SimRequestPipeline.WriteJsonAsync(call.Http, Describe(call, task));
    }

    private JsonObject Describe(SimCall call, SimTask task)
    {
        var (state, outcomes) = task.Snapshot();
        var ok = outcomes.Where(o => o.Succeeded).ToList();
        if (state == SimTaskState.Failed || (state == SimTaskState.Succeeded && ok.Count == 0 && outcomes.Count > 0))
        {
            var message = task.ErrorMessage ?? outcomes[0].ErrorMessage ?? "generation failed";
            var sensitive = (task.ErrorKind ?? outcomes[0].Error) is SimErrorKind.OutputImageSensitive or SimErrorKind.InputTextSensitive or SimErrorKind.InputImageSensitive;
            return Prediction(call, task.Id, "failed", null, sensitive ? "Output flagged as sensitive (E005): " + message : message);
        }

        return state == SimTaskState.Running
            ? Prediction(call, task.Id, sim.Time.GetUtcNow() <= task.CreatedAt ? "starting" : "processing", null, null)
            : Prediction(call, task.Id, "succeeded", new JsonArray([.. ok.Select(o => (JsonNode)o.Url!)]), null);
    }

    private static JsonObject Prediction(SimCall call, string id, string status, JsonArray? output, string? error) => new()
    {
        ["id"] = id,
        ["model"] = Model,
        ["status"] = status,
        ["output"] = output,
        ["error"] = error,
        ["urls"] = new JsonObject
        {
            ["get"] = call.BaseUri.AbsoluteUri.TrimEnd('/') + "/v1/predictions/" + id,
            ["cancel"] = call.BaseUri.AbsoluteUri.TrimEnd('/') + "/v1/predictions/" + id + "/cancel",
        },
    };

    private static PixelSize Size(JsonObject input)
    {
        var size = JsonFields.OptionalString(input, "size") ?? "2K";
        if (size is "1K" or "2K" or "4K")
        {
            return SizeRules.Preset(size)!.Value;
        }

        if (size != "custom")
        {
            throw SimRequestException.Invalid("size", "1K, 2K, 4K or custom");
        }

        var w = JsonFields.OptionalInteger(input, "width") ?? throw SimRequestException.Missing("width");
        var h = JsonFields.OptionalInteger(input, "height") ?? throw SimRequestException.Missing("height");
        return w is < 1024 or > 4096 || h is < 1024 or > 4096
            ? throw SimRequestException.Invalid("width", "width and height must be 1024 to 4096")
            : new PixelSize((int)w, (int)h);
    }
}
