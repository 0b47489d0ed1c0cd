using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Fal;

/// <summary>
/// fal.ai's queue for Seedream (docs/provider-apis.md §6): submit <c>POST /fal-ai/bytedance/seedream/{v4|v4.5|v5/lite}/{text-to-image|edit}</c>
/// → <c>{request_id, status_url, response_url}</c>; <c>GET …/requests/{id}/status</c> → IN_QUEUE | IN_PROGRESS | COMPLETED;
/// <c>GET …/requests/{id}</c> → <c>{"images":[{url,width,height,content_type}],"seed"}</c>. Strict where the docs are
/// silent: <c>image_size</c> only as <c>{width,height}</c>.
/// </summary>
internal sealed class FalEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string App = "/fal-ai/bytedance";
    private readonly FalDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(App + "/seedream/{**endpoint}", http => pipeline.RunAsync(http, _dialect, SubmitAsync));
        routes.MapGet(App + "/requests/{id}/status", http => pipeline.RunAsync(http, _dialect, StatusAsync));
        routes.MapGet(App + "/requests/{id}", http => pipeline.RunAsync(http, _dialect, ResultAsync));
    }

    private async Task SubmitAsync(SimCall call)
    {
        var endpoint = (string)call.Http.Request.RouteValues["endpoint"]!;
        var (version, minPixels, edit) = endpoint switch
        {
            "v4/text-to-image" => ("v4", 921_600L, false),
            "v4/edit" => ("v4", 921_600L, true),
            "v4.5/text-to-image" => ("v4.5", 3_686_400L, false),
            "v4.5/edit" => ("v4.5", 3_686_400L, true),
            "v5/lite/text-to-image" => ("v5/lite", 3_686_400L, false),
            "v5/lite/edit" => ("v5/lite", 3_686_400L, true),
            _ => throw new SimRequestException(SimErrorKind.ModelNotFound, $"Application 'seedream/{endpoint}' not found"),
        };
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var prompt = JsonFields.RequiredString(body, "prompt");
        var sizeObject = JsonFields.OptionalObject(body, "image_size")
            ?? (body.ContainsKey("image_size") ? throw SimRequestException.Invalid("image_size", "the simulator takes image_size as {width, height} only") : null);
        var size = sizeObject is null
            ? new PixelSize(2048, 2048)
            : new PixelSize((int)(JsonFields.OptionalInteger(sizeObject, "width") ?? throw SimRequestException.Missing("image_size.width")),
                (int)(JsonFields.OptionalInteger(sizeObject, "height") ?? throw SimRequestException.Missing("image_size.height")));
        SizeRules.CheckArea("image_size", size, minPixels, 16_777_216, 4096);
        var count = JsonFields.OptionalInteger(body, "num_images") ?? 1;
        if (count is < 1 or > 6)
        {
            throw SimRequestException.Invalid("num_images", "must be 1 to 6");
        }

        var perGeneration = JsonFields.OptionalInteger(body, "max_images") ?? 1;
        if (perGeneration is < 1 or > 6)
        {
            throw SimRequestException.Invalid("max_images", "must be 1 to 6");
        }

        var urls = JsonFields.StringOrArray(body, "image_urls");
        if (edit && urls.Count == 0)
        {
            throw SimRequestException.Missing("image_urls");
        }

        if (!edit && urls.Count > 0)
        {
            throw SimRequestException.Invalid("image_urls", "text-to-image takes no image_urls; use the edit endpoint");
        }

        if (urls.Count > 10 || urls.Any(u => !ReferenceChecks.IsHttpUrl(u)))
        {
            throw SimRequestException.Invalid("image_urls", "up to 10 http(s) URLs");
        }

        var model = "fal-ai/bytedance/seedream/" + version;
        var order = new GenerationOrder("fal", call.ApiKey, call.Job, model, prompt, JsonFields.OptionalInteger(body, "seed"), size.Width, size.Height,
            (int)(count * perGeneration), "jpeg", sim.Prices.For("fal", model), urls);
        sim.Generator.Admit(order);
        var task = sim.Tasks.Create(order, call.BaseUri, body, null, null);
        var base_ = call.BaseUri.AbsoluteUri.TrimEnd('/') + App + "/requests/" + task.Id;
        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject
        {
            ["request_id"] = task.Id,
            ["status_url"] = base_ + "/status",
            ["response_url"] = base_,
            ["cancel_url"] = base_ + "/cancel",
        });
    }

    private async Task StatusAsync(SimCall call)
    {
        var task = Find(call);
        var (state, _) = task.Snapshot();
        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject
        {
            ["request_id"] = task.Id,
            ["status"] = state != SimTaskState.Running ? "COMPLETED" : sim.Time.GetUtcNow() <= task.CreatedAt ? "IN_QUEUE" : "IN_PROGRESS",
            ["response_url"] = call.BaseUri.AbsoluteUri.TrimEnd('/') + App + "/requests/" + task.Id,
        });
    }

    private async Task ResultAsync(SimCall call)
    {
        var task = Find(call);
        var (state, outcomes) = task.Snapshot();
        if (state == SimTaskState.Running)
        {
            throw SimRequestException.Invalid("request_id", "the request is still in progress");
        }

        if (state == SimTaskState.Failed)
        {
            throw new SimRequestException(task.ErrorKind!.Value, task.ErrorMessage!);
        }

        var ok = outcomes.Where(o => o.Succeeded).ToList();
        if (ok.Count == 0 && outcomes.Count > 0)
        {
            throw new SimRequestException(outcomes[0].Error!.Value, outcomes[0].ErrorMessage ?? "generation failed");
        }

        var images = new JsonArray();
        foreach (var o in ok)
        {
            var wh = o.Size.Split('x');
            images.Add(new JsonObject { ["url"] = o.Url, ["width"] = int.Parse(wh[0], System.Globalization.CultureInfo.InvariantCulture), ["height"] = int.Parse(wh[1], System.Globalization.CultureInfo.InvariantCulture), ["content_type"] = "image/jpeg" });
        }

        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject { ["images"] = images, ["seed"] = task.Order.Seed ?? 0 });
    }

    private SimTask Find(SimCall call)
    {
        var id = (string)call.Http.Request.RouteValues["id"]!;
        return sim.Tasks.Find(id, call.ApiKey) ?? throw new SimRequestException(SimErrorKind.TaskNotFound, $"Request {id} not found");
    }
}
