using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.Sinan;

/// <summary>
/// Sinan's task API (seed 003 and docs.sinancode.com …/endpoint/seedream, …/get-task): <c>POST /v1/generate/vol/seedream</c>
/// → <c>{task_id}</c>, then <c>GET /v1/tasks/{id}</c>. The model is chosen by <c>version</c>; a <c>model</c> field is
/// ignored, as upstream does, so a client that sends it gets (and pays for) the default 5.0 lite.
/// </summary>
internal sealed class SinanEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    private readonly SinanDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(sim.Options.SinanCreatePath, http => pipeline.RunAsync(http, _dialect, CreateAsync));
        routes.MapGet(sim.Options.SinanTaskPath, http => pipeline.RunAsync(http, _dialect, GetAsync));
    }

    private async Task CreateAsync(SimCall call)
    {
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var prompt = JsonFields.RequiredString(body, "prompt");
        if (prompt.Length > 2000)
        {
            throw SimRequestException.Invalid("prompt", "must be 1 to 2000 characters");
        }

        // `model` is not a Sinan field: upstream ignores it and runs the default version.
        var model = JsonFields.OptionalString(body, "version") ?? "5.0-lite";
        if (model is not ("4.0" or "4.5" or "5.0-lite"))
        {
            throw SimRequestException.Invalid("version", "must be 4.0, 4.5 or 5.0-lite");
        }

        var images = JsonFields.StringOrArray(body, "images");
        if (images.Count > 14)
        {
            throw SimRequestException.Invalid("images", "at most 14 reference images");
        }

        if (images.Any(i => !ReferenceChecks.IsHttpUrl(i)))
        {
            throw SimRequestException.Invalid("images", "references must be http(s) URLs");
        }

        var max = JsonFields.OptionalInteger(body, "max_images");
        if (max is < 1 or > 15)
        {
            throw SimRequestException.Invalid("max_images", "must be between 1 and 15");
        }

        var count = (int)(max ?? Math.Min(sim.Options.SinanAutoImages, 15 - images.Count));
        if (images.Count + count > 15)
        {
            throw SimRequestException.Invalid("max_images", "input images plus generated images must not exceed 15");
        }

        var size = Size(JsonFields.OptionalString(body, "size") ?? "2K", model);
        var modelId = "seedream-" + model;
        var order = new GenerationOrder("sinan", call.ApiKey, call.Job, modelId, prompt, null, size.Width, size.Height, count, "jpeg",
            sim.Prices.For("sinan", modelId), images);
        sim.Generator.Admit(order);
        var task = sim.Tasks.Create(order, call.BaseUri, body, null, null);
        await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject { ["task_id"] = task.Id });
    }

    private async Task GetAsync(SimCall call)
    {
        var id = (string)call.Http.Request.RouteValues["id"]!;
        var task = sim.Tasks.Find(id, call.ApiKey) ?? throw new SimRequestException(SimErrorKind.TaskNotFound, $"Task {id} not found.");
        var (state, outcomes) = task.Snapshot();
        var failure = state == SimTaskState.Failed
            ? new SimRequestException(task.ErrorKind!.Value, task.ErrorMessage!)
            : state == SimTaskState.Succeeded && outcomes.Count > 0 && outcomes.All(o => !o.Succeeded)
                // Every image refused: the task as a whole failed (nothing was billed).
                ? new SimRequestException(outcomes[0].Error!.Value, outcomes[0].ErrorMessage ?? "generation failed")
                : null;
        var result = new JsonArray();
        foreach (var o in outcomes.Where(o => o.Succeeded))
        {
            result.Add(sim.Options.SinanResultObjects ? new JsonObject { ["type"] = "image", ["url"] = o.Url } : JsonValue.Create(o.Url));
        }

        var answer = new JsonObject
        {
            ["task_id"] = task.Id,
            ["status"] = state switch
            {
                // Nothing has happened to the task yet: the first poll at its creation instant sees it queued.
                SimTaskState.Running when sim.Time.GetUtcNow() <= task.CreatedAt => "pending",
                SimTaskState.Running => "processing",
                _ when failure is not null => "failed",
                _ => "completed",
            },
            ["version"] = task.Order.Model["seedream-".Length..],
            ["created_at"] = task.CreatedAt.ToUnixTimeSeconds(),
            ["completed_at"] = task.CompletedAt?.ToUnixTimeSeconds(),
            ["result"] = result,
        };
        if (failure is not null)
        {
            var error = _dialect.DescribeError(failure).Body["error"]!;
            answer["error_code"] = (string?)error["code"];
            answer["error_msg"] = (string?)error["message"];
        }

        await SimRequestPipeline.WriteJsonAsync(call.Http, answer);
    }

    private static PixelSize Size(string text, string model)
    {
        string[] tiers = model == "5.0-lite" ? ["2K", "3K"] : ["2K", "4K"];
        if (tiers.Contains(text, StringComparer.OrdinalIgnoreCase))
        {
            return SizeRules.Preset(text)!.Value;
        }

        if (SizeRules.Preset(text) is not null)
        {
            throw SimRequestException.Invalid("size", $"model {model} offers {string.Join(" and ", tiers)} (or WxH)");
        }

        return SizeRules.CheckArea("size", SizeRules.ParseExact("size", text), model == "4.0" ? 921_600 : 3_686_400, 16_777_216);
    }
}
