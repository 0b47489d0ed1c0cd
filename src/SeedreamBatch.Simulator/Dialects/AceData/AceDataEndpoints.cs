using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using SeedreamBatch.Simulator.Generation;

namespace SeedreamBatch.Simulator.Dialects.AceData;

/// <summary>
/// <c>POST /seedream/images</c> (sync, <c>async: true</c>, <c>callback_url</c>) and <c>POST /seedream/tasks</c>
/// (<c>retrieve</c>, <c>retrieve_batch</c>; free). Every generation is a task, so a sync one can be retrieved too.
/// </summary>
internal sealed class AceDataEndpoints(SimContext sim, SimRequestPipeline pipeline)
{
    public const string ImagesPath = "/seedream/images";
    public const string TasksPath = "/seedream/tasks";
    private readonly AceDataDialect _dialect = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(ImagesPath, http => pipeline.RunAsync(http, _dialect, GenerateAsync));
        routes.MapPost(TasksPath, http => pipeline.RunAsync(http, _dialect, TasksAsync));
    }

    private async Task GenerateAsync(SimCall call)
    {
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var request = AceDataRequestValidator.Validate(body, sim.Options);
        var order = new GenerationOrder("acedata", call.ApiKey, call.Job, request.Model, request.Prompt, request.HonouredSeed,
            request.Size.Width, request.Size.Height, request.Count, "jpeg", sim.Prices.For("acedata", request.Model), request.Images);
        sim.Generator.Admit(order);
        var task = sim.Tasks.Create(order, call.BaseUri, body, request.CallbackUrl, Result);
        if (request.Async)
        {
            // Accepted: the task runs and bills whether or not this answer arrives.
            if (await pipeline.FailAfterChargeAsync(call))
            {
                return;
            }

            await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject { ["task_id"] = task.Id });
            return;
        }

        await task.Done.WaitAsync(call.Aborted);
        if (task.State == SimTaskState.Failed)
        {
            throw new SimRequestException(task.ErrorKind!.Value, task.ErrorMessage!);
        }

        if (await pipeline.FailAfterChargeAsync(call))
        {
            return;
        }

        var result = Result(task);
        if (request.Base64)
        {
            foreach (var (item, outcome) in ((JsonArray)result["data"]!).Zip(task.Outcomes.Where(o => o.Succeeded)))
            {
                item!.AsObject().Remove("image_url");
                item["b64_json"] = Convert.ToBase64String(sim.Images.Get(outcome.Spec!));
            }
        }

        await SimRequestPipeline.WriteJsonAsync(call.Http, result);
    }

    private async Task TasksAsync(SimCall call)
    {
        var body = await JsonFields.ReadObjectAsync(call.Http, call.Aborted);
        var action = JsonFields.RequiredString(body, "action");
        switch (action)
        {
            case "retrieve":
                var id = JsonFields.RequiredString(body, "id");
                var task = sim.Tasks.Find(id, call.ApiKey)
                    ?? throw new SimRequestException(SimErrorKind.TaskNotFound, $"The task {id} does not exist.", "id");
                await SimRequestPipeline.WriteJsonAsync(call.Http, Item(task));
                return;
            case "retrieve_batch":
                var ids = JsonFields.StringOrArray(body, "ids");
                if (ids.Count == 0)
                {
                    throw SimRequestException.Missing("ids");
                }

                var items = new JsonArray();
                foreach (var found in ids.Select(i => sim.Tasks.Find(i, call.ApiKey)).OfType<SimTask>())
                {
                    items.Add(Item(found));
                }

                await SimRequestPipeline.WriteJsonAsync(call.Http, new JsonObject { ["items"] = items, ["count"] = items.Count });
                return;
            default:
                throw new SimRequestException(SimErrorKind.NotImplemented, $"The action '{action}' is not implemented.", "action");
        }
    }

    private static JsonObject Item(SimTask task) => new()
    {
        ["id"] = task.Id,
        ["request"] = task.Request?.DeepClone(),
        ["response"] = task.State == SimTaskState.Running ? null : Result(task),
        ["created_at"] = task.CreatedAt.ToUnixTimeMilliseconds() / 1000.0,
        ["finished_at"] = task.CompletedAt is { } done ? done.ToUnixTimeMilliseconds() / 1000.0 : null,
    };

    /// <summary>The success body (also what the callback receives), or the error body of a failed task.</summary>
    private static JsonObject Result(SimTask task)
    {
        if (task.State == SimTaskState.Failed)
        {
            var error = new AceDataDialect().DescribeError(new SimRequestException(task.ErrorKind!.Value, task.ErrorMessage!)).Body.AsObject();
            error["task_id"] = task.Id;
            return error;
        }

        var data = new JsonArray();
        foreach (var o in task.Outcomes.Where(o => o.Succeeded))
        {
            data.Add(new JsonObject { ["prompt"] = task.Order.Prompt, ["size"] = o.Size, ["image_url"] = o.Url });
        }

        return new JsonObject
        {
            ["success"] = true,
            ["task_id"] = task.Id,
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["data"] = data,
        };
    }
}
